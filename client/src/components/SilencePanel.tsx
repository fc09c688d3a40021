// The silence procedure in the document (docs/design.md §16). Procedures arrive with the document
// (the Y.Doc's `silence` root, written only by the server); changes go through the server's named
// operations (POST /api/documents/:id/silence), which run the shared rules.
//  - co-facilitators and the secretariat put the paragraph at the caret (or the paragraphs the
//    selection spans), its section or the whole text under silence until a date and time, and may withdraw an open procedure;
//  - a delegation whose caret is in a paragraph under silence sees a banner with "Break silence"
//    (a reason is required);
//  - everyone sees what is under silence, until when, and who broke it, with the reason.
// Names and reasons are participants' input: React text only.
import { useCallback, useEffect, useState } from 'react';
import type * as Y from 'yjs';
import type { Editor } from '@tiptap/core';
import type { EditorState } from '@tiptap/pm/state';
import { postSilence, OfflineError } from '../api.ts';
import { SILENCE_FIELD } from '../../../shared/src/collab/ydoc.ts';
import { parseProcedures, silenceOn, type SilenceProcedure, type SilenceScope } from '../../../shared/src/consensus/silence.ts';
import { labelBlocks } from '../../../shared/src/numbering/labels.ts';
import { useSelectionContext } from '../editor/useSelectionContext.ts';
import { useSession } from '../session.tsx';

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The procedures in the room's document, re-read when the server changes them. */
function useProcedures(ydoc: Y.Doc): SilenceProcedure[] {
  const read = useCallback(() => parseProcedures(ydoc.getMap<unknown>(SILENCE_FIELD).values()), [ydoc]);
  const [procedures, setProcedures] = useState(read);
  useEffect(() => {
    const map = ydoc.getMap<unknown>(SILENCE_FIELD);
    const update = () => setProcedures(read());
    map.observe(update);
    update();
    return () => map.unobserve(update);
  }, [ydoc, read]);
  return procedures;
}

/**
 * Where the selection is: the paragraph at its start (id, label), every paragraph it spans, and the
 * section heading above it. One walk over the document's labels, when the selection moves.
 */
function caretPlace(state: EditorState) {
  const { $from, to } = state.selection;
  if ($from.depth < 1) return { block: null, blocks: [], section: null };
  const pos = $from.before(1);
  let block: { id: string; label: string | null } | null = null;
  const blocks: { id: string; label: string | null }[] = [];
  let section: { id: string; title: string } | null = null;
  for (const b of labelBlocks(state.doc)) {
    if (b.pos >= to && b.pos > pos) break;
    if (b.node.type.name === 'sectionHeading' && Number(b.node.attrs.level ?? 1) <= 1 && typeof b.node.attrs.id === 'string' && b.pos <= pos) {
      section = { id: b.node.attrs.id, title: [b.label, b.node.textContent].filter(Boolean).join(' ') };
    }
    if (b.pos >= pos && (b.node.type.name === 'paragraph' || b.node.type.name === 'subparagraph') && typeof b.node.attrs.id === 'string') {
      const here = { id: b.node.attrs.id, label: b.label };
      if (b.pos === pos) block = here;
      blocks.push(here);
    }
  }
  return { block, blocks, section };
}

const paragraphsName = (blocks: { label: string | null }[]) => {
  const labels = blocks.map((b) => b.label).filter((l): l is string => l !== null);
  if (blocks.length === 1) return labels.length ? `paragraph ${labels[0]}` : 'the paragraph at the caret';
  return labels.length === blocks.length ? `paragraphs ${labels.join(', ')}` : `the ${blocks.length} selected paragraphs`;
};

const message = (err: unknown) => (err instanceof OfflineError ? err.message : err instanceof Error ? err.message : String(err));

export function SilencePanel({ editor, ydoc, documentId }: { editor: Editor; ydoc: Y.Doc; documentId: string }) {
  const session = useSession();
  const { capabilities, participant } = session.me;
  const procedures = useProcedures(ydoc);
  const place = useSelectionContext(editor, caretPlace);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const open = procedures.filter((p) => p.state === 'open');
  const here = place.block ? silenceOn(procedures, place.block.id) : null;
  const name = (p: SilenceProcedure, id: string) => {
    const l = p.labels[id];
    return l ? `paragraph ${l}` : 'an unnumbered paragraph';
  };
  const run = async (op: Parameters<typeof postSilence>[1], done: string) => {
    setBusy(true);
    try {
      await postSilence(documentId, op);
      setResult({ ok: true, text: done });
      return true;
    } catch (err) {
      setResult({ ok: false, text: message(err) });
      return false;
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel silence" data-panel="silence" aria-label="Silence procedure">
      <h3>Silence procedure</h3>
      {capabilities.resolve && <OpenForm place={place} busy={busy} onOpen={(scope, deadline) => run({ type: 'open', scope, deadline }, 'Put under silence.')} />}
      {capabilities.breakSilence && here && place.block && (
        <BreakBanner
          key={`${here.id}:${place.block.id}`}
          procedure={here}
          blockId={place.block.id}
          label={name(here, place.block.id)}
          busy={busy}
          brokenByUs={here.breaks.some((b) => b.blockId === place.block!.id && b.delegationId === participant.delegation?.id)}
          onBreak={(reason) => run({ type: 'break', procedureId: here.id, blockId: place.block!.id, reason }, 'Silence broken; everyone sees your reason.')}
        />
      )}
      {result && (
        <p className={result.ok ? 'result' : 'result error'} role={result.ok ? 'status' : 'alert'} data-silence-result>
          {result.text}
        </p>
      )}
      {open.length === 0 ? (
        <p className="muted">No text is under silence.</p>
      ) : (
        <ul className="silence-list">
          {open.map((p) => (
            <li key={p.id} data-silence={p.id}>
              <span>
                {p.blockIds.map((id) => name(p, id)).join(', ')} under silence until <time dateTime={p.deadline}>{when(p.deadline)}</time>
              </span>
              {p.breaks.map((b, i) => (
                <p key={i} className="silence-break" data-silence-break={b.blockId}>
                  {b.delegationName} broke silence on {name(p, b.blockId)}: “{b.reason}”
                </p>
              ))}
              {capabilities.resolve && (
                <button type="button" className="link" disabled={busy} onClick={() => run({ type: 'cancel', procedureId: p.id }, 'Silence procedure withdrawn.')}>
                  Withdraw
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function OpenForm({
  place,
  busy,
  onOpen,
}: {
  place: ReturnType<typeof caretPlace>;
  busy: boolean;
  onOpen: (scope: SilenceScope, deadline: string) => Promise<boolean>;
}) {
  const [what, setWhat] = useState<'paragraph' | 'section' | 'document'>('paragraph');
  const [deadline, setDeadline] = useState('');
  const scope: SilenceScope | null =
    what === 'document'
      ? { kind: 'document' }
      : what === 'section'
        ? place.section
          ? { kind: 'section', headingId: place.section.id }
          : null
        : place.blocks.length
          ? { kind: 'paragraphs', blockIds: place.blocks.map((b) => b.id) }
          : null;
  const at = deadline ? new Date(deadline) : null;
  return (
    <form
      className="silence-open"
      onSubmit={(e) => {
        e.preventDefault();
        if (scope && at && !Number.isNaN(at.getTime())) void onOpen(scope, at.toISOString());
      }}
    >
      <label>
        Put under silence:{' '}
        <select value={what} onChange={(e) => setWhat(e.target.value as typeof what)} data-silence-scope>
          <option value="paragraph">{place.blocks.length ? paragraphsName(place.blocks) : 'the paragraph at the caret'}</option>
          <option value="section">{place.section ? `section ${place.section.title}` : 'the section at the caret'}</option>
          <option value="document">the whole text</option>
        </select>
      </label>
      <label>
        until{' '}
        <input type="datetime-local" step={1} value={deadline} onChange={(e) => setDeadline(e.target.value)} required data-silence-deadline />
      </label>
      <button type="submit" disabled={busy || !scope || !at} data-silence-open>
        Start silence
      </button>
      {!scope && <p className="muted">Put the caret in a paragraph{what === 'section' ? ' under a section heading' : ''}.</p>}
    </form>
  );
}

function BreakBanner({
  procedure,
  label,
  busy,
  brokenByUs,
  onBreak,
}: {
  procedure: SilenceProcedure;
  blockId: string;
  label: string;
  busy: boolean;
  brokenByUs: boolean;
  onBreak: (reason: string) => Promise<boolean>;
}) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <div className="silence-banner" role="status" data-silence-banner>
      <p>
        <strong>{label[0]!.toUpperCase() + label.slice(1)} is under silence</strong> until{' '}
        <time dateTime={procedure.deadline}>{when(procedure.deadline)}</time>: unless a delegation breaks silence, it will be agreed then.
      </p>
      {brokenByUs ? (
        <p className="muted">Your delegation has broken silence on it.</p>
      ) : asking ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (reason.trim()) void onBreak(reason).then((ok) => ok && setAsking(false));
          }}
        >
          <label>
            Why does your delegation break silence?
            <textarea value={reason} onChange={(e) => setReason(e.target.value)} required rows={3} data-silence-reason />
          </label>
          <button type="submit" disabled={busy || !reason.trim()} data-silence-break-send>
            Break silence
          </button>{' '}
          <button type="button" className="link" onClick={() => setAsking(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <button type="button" onClick={() => setAsking(true)} data-silence-break-open>
          Break silence
        </button>
      )}
    </div>
  );
}
