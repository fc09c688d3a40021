// "Fix the current numbering" (secretariat and co-facilitators): the paragraph numbers as shown now
// become fixed labels, as when a revision is issued, so a paragraph inserted after 12 is `12 bis` and
// the paragraphs after a deleted one keep their numbers (server: POST .../numbering/fix).
import { useState } from 'react';
import { fixNumbering } from '../api.ts';

export function FixNumbering({ documentId }: { documentId: string }) {
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const fix = () => {
    setBusy(true);
    fixNumbering(documentId).then(
      ({ labels }) => {
        setBusy(false);
        setResult({ ok: true, text: labels ? `Numbering fixed (${labels} paragraph numbers).` : 'The numbering was already fixed.' });
      },
      (err: unknown) => {
        setBusy(false);
        setResult({ ok: false, text: err instanceof Error ? err.message : String(err) });
      },
    );
  };
  return (
    <section className="panel numbering" data-panel="numbering">
      <h3>Numbering</h3>
      <p className="muted">Fix the paragraph numbers delegations quote: a paragraph added after 12 is then 12 bis, and no number moves when a paragraph is deleted.</p>
      <button type="button" disabled={busy} onClick={fix} data-fix-numbering>
        Fix the current numbering
      </button>
      {result && (
        <p className={result.ok ? 'result' : 'result error'} role={result.ok ? 'status' : 'alert'} data-fix-numbering-result>
          {result.text}
        </p>
      )}
    </section>
  );
}
