// Export menu: kind (clean draft, and the compilation text for roles that may export it) × format,
// and the redline of the live text against a chosen frozen revision (every role).
// Each choice asks GET /api/documents/:id/export and saves the file under the name the server gives
// (Content-Disposition). Fetching rather than a plain link lets a refusal or a missing Chromium
// (503 for PDF) show its reason here instead of downloading an error as a file. The server enforces
// who may export what; hiding the compilation only spares a 403.
import { useEffect, useRef, useState } from 'react';
import { EXPORT_FORMATS, EXPORT_KINDS, type DocumentExportKind, type ExportFormat } from '../../../shared/src/export/formats.ts';
import { useSession } from '../session.tsx';
import { listRevisions } from '../api.ts';
import { useAsync } from '../useAsync.ts';

// Styled inline so the menu needs no edit to the shared stylesheet.
const STYLE = {
  menu: { position: 'relative' as const },
  summary: {
    listStyle: 'none', cursor: 'pointer', font: 'inherit', fontSize: '0.85rem', padding: '0.2rem 0.7rem',
    background: '#fff', border: '1px solid #c9ced6', borderRadius: 4,
  },
  body: {
    position: 'absolute' as const, right: 0, top: '1.9rem', zIndex: 20, display: 'flex', gap: '1rem', padding: '0.6rem 0.8rem',
    background: '#fff', border: '1px solid #c9ced6', borderRadius: 4, boxShadow: '0 4px 12px rgba(0,0,0,0.15)', flexWrap: 'wrap' as const, width: 'max-content', maxWidth: '40rem',
  },
  heading: { margin: '0 0 0.3rem', fontSize: '0.8rem', textTransform: 'uppercase' as const, letterSpacing: '0.04em', color: '#555' },
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: { display: 'block', width: '100%', textAlign: 'left' as const, font: 'inherit', fontSize: '0.9rem', padding: '0.15rem 0.3rem', background: 'none', border: 0, cursor: 'pointer' },
  error: { flexBasis: '100%', margin: 0, color: '#a11', fontSize: '0.85rem' },
};

const FORMAT_ORDER: ExportFormat[] = ['docx', 'pdf', 'html', 'text', 'markdown', 'akn', 'json'];

function fileNameOf(res: Response, fallback: string): string {
  const header = res.headers.get('content-disposition') ?? '';
  return /filename="([^"]+)"/.exec(header)?.[1] ?? fallback;
}

export function ExportMenu({ documentId }: { documentId: string }) {
  const { capabilities } = useSession().me;
  const kinds = (Object.keys(EXPORT_KINDS) as DocumentExportKind[]).filter((k) => k === 'clean' || capabilities.exportCompilation);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const menu = useRef<HTMLDetailsElement>(null);

  // A click elsewhere or Escape closes the menu, as menus do.
  useEffect(() => {
    const close = (event: Event) => {
      const details = menu.current;
      if (!details?.open) return;
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !details.contains(event.target as Node)) details.open = false;
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, []);

  // Read again each time the menu opens, so a revision frozen meanwhile is offered.
  const [opened, setOpened] = useState(0);
  const revisions = useAsync((signal) => listRevisions(documentId, signal), [documentId, opened]);
  const [against, setAgainst] = useState('');
  const frozen = revisions.status === 'ok' ? revisions.value : [];
  const againstId = against || frozen[frozen.length - 1]?.id || '';

  const download = async (kind: DocumentExportKind | 'redline', format: ExportFormat) => {
    const key = `${kind}:${format}`;
    setBusy(key);
    setError(null);
    try {
      const query = new URLSearchParams({ format, kind, ...(kind === 'redline' ? { against: againstId } : {}) });
      const res = await fetch(`/api/documents/${encodeURIComponent(documentId)}/export?${query}`, {
        credentials: 'same-origin',
      });
      if (!res.ok) {
        const body = await res.json().catch(() => ({ error: res.statusText }));
        throw new Error(body.error ?? `HTTP ${res.status}`);
      }
      const blob = await res.blob();
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = fileNameOf(res, `export.${EXPORT_FORMATS[format].extension}`);
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      if (menu.current) menu.current.open = false;
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <details ref={menu} className="export-menu" data-export-menu style={STYLE.menu} onToggle={(e) => e.currentTarget.open && setOpened((n) => n + 1)}>
      <summary style={STYLE.summary}>Export ▾</summary>
      <div className="export-menu-body" role="menu" style={STYLE.body}>
        {kinds.map((kind) => (
          <section key={kind} data-export-kind={kind}>
            <h4 style={STYLE.heading}>{EXPORT_KINDS[kind].name}</h4>
            <ul style={STYLE.list}>
              {FORMAT_ORDER.map((format) => (
                <li key={format}>
                  <button
                    type="button"
                    role="menuitem"
                    style={STYLE.item}
                    data-export={`${kind}:${format}`}
                    disabled={busy !== null}
                    onClick={() => void download(kind, format)}
                  >
                    {EXPORT_FORMATS[format].name}
                    {busy === `${kind}:${format}` ? '…' : ''}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
        {frozen.length > 0 && (
          <section data-export-kind="redline">
            <h4 style={STYLE.heading}>Redline</h4>
            <label style={{ fontSize: '0.85rem' }}>
              against{' '}
              <select value={againstId} onChange={(e) => setAgainst(e.target.value)} aria-label="Redline against revision">
                {frozen.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
              </select>
            </label>
            <ul style={STYLE.list}>
              {FORMAT_ORDER.filter((f) => f !== 'json').map((format) => (
                <li key={format}>
                  <button
                    type="button"
                    role="menuitem"
                    style={STYLE.item}
                    data-export={`redline:${format}`}
                    disabled={busy !== null}
                    onClick={() => void download('redline', format)}
                  >
                    {EXPORT_FORMATS[format].name}
                    {busy === `redline:${format}` ? '…' : ''}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
        {error && (
          <p className="export-error" role="alert" data-export-error style={STYLE.error}>
            {error}
          </p>
        )}
      </div>
    </details>
  );
}
