// Starting a negotiation from one's own draft, for a secretariat: choose a file, read the import
// preview (what the file became: counts, the first labels, every report line), pick the numbering
// style, confirm. Nothing is created before the confirmation; the server re-imports the same file
// then, so what is created is what was previewed. After creation this browser is signed in as the
// new negotiation's secretariat (server/src/http/imports.ts); the link is shown once, to keep.
import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { Link } from 'wouter';
import { createNegotiationFromFile, previewImport } from '../api.ts';
import { useSession } from '../session.tsx';
import { copyText } from '../clipboard.ts';
import { IMPORT_EXTENSIONS, MAX_IMPORT_BYTES, uploadProblem } from '../../../shared/src/import/limits.ts';
import { NUMBERING_STYLES, type NumberingStyle } from '../../../shared/src/model/types.ts';
import { NUMBERING_STYLE_INFO } from '../../../shared/src/numbering/styles.ts';
import type { CreatedNegotiation, ImportPreview } from '../../../shared/src/api/imports.ts';

type Step =
  | { name: 'choose'; error?: string }
  | { name: 'reading'; file: File }
  | { name: 'preview'; file: File; preview: ImportPreview; error?: string; busy?: boolean }
  | { name: 'created'; created: CreatedNegotiation };

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));
const COUNT_NAMES: [keyof ImportPreview['counts'], string][] = [
  ['paragraphs', 'Paragraphs'],
  ['headings', 'Headings'],
  ['subparagraphs', 'Subparagraphs'],
  ['footnotes', 'Footnotes'],
  ['bracketGroups', 'Bracket groups'],
  ['deepestNesting', 'Deepest bracket nesting'],
];

export function NewNegotiationPage() {
  const { me } = useSession();
  const [step, setStep] = useState<Step>({ name: 'choose' });
  const [style, setStyle] = useState<NumberingStyle | undefined>(undefined);
  const [title, setTitle] = useState('');
  const request = useRef<AbortController | null>(null);

  const read = (file: File, chosenStyle: NumberingStyle | undefined) => {
    request.current?.abort();
    const ctrl = new AbortController();
    request.current = ctrl;
    setStep({ name: 'reading', file });
    previewImport(file, chosenStyle, ctrl.signal).then(
      (preview) => {
        if (ctrl.signal.aborted) return;
        setStep({ name: 'preview', file, preview });
        setTitle((t) => t || preview.title);
      },
      (err: unknown) => !ctrl.signal.aborted && setStep({ name: 'choose', error: errorText(err) }),
    );
  };
  useEffect(() => () => request.current?.abort(), []);

  if (!me.capabilities.manage) {
    return (
      <main className="page">
        <p>Only a secretariat starts negotiations.</p>
        <Link href="/">All negotiations</Link>
      </main>
    );
  }

  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    const problem = uploadProblem(file.name, file.size);
    if (problem) return setStep({ name: 'choose', error: problem });
    setTitle('');
    setStyle(undefined);
    read(file, undefined);
  };

  const onStyle = (value: NumberingStyle) => {
    setStyle(value);
    if (step.name === 'preview') read(step.file, value);
  };

  const onCreate = (e: FormEvent) => {
    e.preventDefault();
    if (step.name !== 'preview') return;
    setStep({ ...step, busy: true, error: undefined });
    createNegotiationFromFile(step.file, title.trim() || step.preview.title, style ?? step.preview.numberingStyle).then(
      (created) => setStep({ name: 'created', created }),
      (err: unknown) => setStep({ ...step, busy: false, error: errorText(err) }),
    );
  };

  return (
    <main className="page new-negotiation">
      <p>
        <Link href="/">← All negotiations</Link>
      </p>
      <h1>Start a negotiation from a draft</h1>
      {step.name !== 'created' && (
        <section className="card">
          <label className="file-choice">
            <span>Draft file</span>
            <input type="file" accept={IMPORT_EXTENSIONS.join(',')} onChange={onFile} aria-describedby="file-help" />
          </label>
          <p id="file-help" className="muted">
            A Word document (.docx), plain text (.txt) or Markdown (.md), up to {MAX_IMPORT_BYTES / 1048576} MB. Nothing is
            created until you confirm.
          </p>
          {step.name === 'choose' && step.error && (
            <p className="error" role="alert">
              {step.error}
            </p>
          )}
          {step.name === 'reading' && <p className="muted">Reading {step.file.name}…</p>}
        </section>
      )}
      {step.name === 'preview' && (
        <PreviewForm
          step={step}
          style={style ?? step.preview.numberingStyle}
          title={title}
          onTitle={setTitle}
          onStyle={onStyle}
          onCreate={onCreate}
        />
      )}
      {step.name === 'created' && <Created created={step.created} />}
    </main>
  );
}

function PreviewForm(props: {
  step: Extract<Step, { name: 'preview' }>;
  style: NumberingStyle;
  title: string;
  onTitle: (t: string) => void;
  onStyle: (s: NumberingStyle) => void;
  onCreate: (e: FormEvent) => void;
}) {
  const { preview, busy, error } = props.step;
  return (
    <form className="card import-preview" onSubmit={props.onCreate} aria-label="Import preview">
      <h2>{preview.title || preview.filename}</h2>
      <p className="muted">
        {preview.filename} · read as {preview.kind === 'docx' ? 'Word' : preview.kind === 'markdown' ? 'Markdown' : 'text'}
      </p>
      <table className="import-counts">
        <tbody>
          {COUNT_NAMES.map(([key, name]) => (
            <tr key={key}>
              <th scope="row">{name}</th>
              <td data-count={key}>{preview.counts[key]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <label>
        <span>Negotiation title</span>
        <input value={props.title} onChange={(e) => props.onTitle(e.target.value)} maxLength={300} required />
      </label>
      <fieldset className="numbering-style">
        <legend>Numbering style {preview.detectedStyle === props.style ? '(as detected)' : `(detected: ${NUMBERING_STYLE_INFO[preview.detectedStyle].name})`}</legend>
        {NUMBERING_STYLES.map((s) => (
          <label key={s}>
            <input type="radio" name="style" value={s} checked={props.style === s} onChange={() => props.onStyle(s)} />
            <strong>{NUMBERING_STYLE_INFO[s].name}</strong> <span className="muted">{NUMBERING_STYLE_INFO[s].description}</span>
          </label>
        ))}
      </fieldset>
      {preview.sample.length > 0 && (
        <>
          <h3>First paragraphs</h3>
          <ol className="import-sample">
            {preview.sample.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ol>
        </>
      )}
      <h3>Import report</h3>
      {preview.report.length === 0 ? (
        <p className="muted import-report-empty">Every line of the file was placed.</p>
      ) : (
        <ul className="import-report">
          {preview.report.map((p, i) => (
            <li key={i}>
              <span className="report-line">{p.line ? `line ${p.line}` : 'file'}</span> {p.message}
              {p.text && <q className="muted">{p.text}</q>}
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Creating…' : 'Create the negotiation'}
      </button>
    </form>
  );
}

function Created({ created }: { created: CreatedNegotiation }) {
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  return (
    <section className="card created" aria-label="Negotiation created">
      <h2>{created.negotiation.title}</h2>
      <p>
        The negotiation is created with its document <em>{created.document.title}</em>, and this browser is now signed in as
        its secretariat. Add delegations and issue their links from the document's Participants panel.
      </p>
      <label>
        <span>Your secretariat link (shown once: keep it to sign in from elsewhere)</span>
        <input ref={field} readOnly value={created.link} onFocus={(e) => e.target.select()} />
      </label>
      <p>
        <button type="button" onClick={() => void copyText(created.link, field.current).then(setCopied)}>
          {copied ? 'Copied' : 'Copy link'}
        </button>{' '}
        {/* A full load: the session changed, so /api/me must be read again. */}
        <a className="button primary" href={`/d/${encodeURIComponent(created.document.id)}`}>
          Open the document
        </a>
      </p>
    </section>
  );
}
