// `penholder negotiation create` and `penholder document add`: a secretariat starts a negotiation on
// its own draft, or adds an annex, from the command line, on PENHOLDER_DATA_DIR (also while the
// server runs: SQLite in WAL mode lets both use the file, and rooms load documents on first use).
// As with `link`, stdout carries only what a script wants (the link; the document id), and everything
// else goes to stderr. A refused file or delegation list creates nothing.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { NUMBERING_STYLES, type NumberingStyle } from '../../../shared/src/model/types.ts';
import { parseDelegationList, type ListedDelegation } from '../../../shared/src/access/delegations.ts';
import { importCounts } from '../../../shared/src/import/summary.ts';
import { docFromJSON } from '../../../shared/src/schema/schema.ts';
import type { FileImportResult } from '../../../shared/src/import/file.ts';
import { createNegotiation, addDocument } from '../negotiations/create.ts';
import { CliError, importDraftFile, printReport } from './files.ts';
import { negotiationOf, publicUrl, withStore } from './access.ts';

function styleOption(value: string | undefined): NumberingStyle | undefined {
  if (value === undefined) return undefined;
  if (!(NUMBERING_STYLES as readonly string[]).includes(value)) {
    throw new CliError(`--style must be one of ${NUMBERING_STYLES.join(', ')}`);
  }
  return value as NumberingStyle;
}

function delegationsFrom(path: string | undefined): ListedDelegation[] {
  if (path === undefined) return [];
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const { delegations, problems } = parseDelegationList(source);
  if (problems.length) {
    throw new CliError(`${basename(path)}: ${problems.map((p) => `line ${p.line}: ${p.message}`).join('; ')}; nothing created`);
  }
  return delegations;
}

/** "58 paragraphs, 10 headings, 5 subparagraphs, 9 footnotes, 1 bracket group (nesting 1)". */
function describe(draft: FileImportResult): string {
  const c = importCounts(docFromJSON(draft.doc));
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return [
    n(c.paragraphs, 'paragraph'),
    n(c.headings, 'heading'),
    n(c.subparagraphs, 'subparagraph'),
    n(c.footnotes, 'footnote'),
    `${n(c.bracketGroups, 'bracket group')} (deepest nesting ${c.deepestNesting})`,
  ].join(', ');
}

export async function negotiationCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'create') {
    throw new CliError(
      'usage: penholder negotiation create --title TITLE --import FILE [--style outcome|resolution|treaty] [--delegations FILE] [--name NAME]',
    );
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      title: { type: 'string' },
      import: { type: 'string' },
      style: { type: 'string' },
      delegations: { type: 'string' },
      name: { type: 'string' },
    },
  });
  if (!values.title?.trim()) throw new CliError('--title TITLE is required');
  if (!values.import) throw new CliError('--import FILE is required (.docx, .txt or .md)');
  const numberingStyle = styleOption(values.style);
  const delegations = delegationsFrom(values.delegations);
  const draft = importDraftFile(values.import, { numberingStyle });
  return (await withStore(async (store) => {
    const created = (await createNegotiation(
      store,
      { title: values.title!, draft, filename: basename(values.import!), delegations, secretariatName: values.name },
      await publicUrl(store),
    ));
    printReport(values.import!, draft.report);
    process.stderr.write(
      `negotiation ${created.negotiationId}: ${values.title!.trim()}\n` +
        `  document ${created.document.id}: ${created.document.title} (${describe(draft)}; numbering ${draft.doc.content?.[0]?.attrs?.numberingStyle})\n` +
        `  ${delegations.length} delegation(s)\n` +
        `  participant ${created.secretariat.id}: ${created.secretariat.name} (secretariat)\n`,
    );
    process.stdout.write(`${created.link}\n`);
    return 0;
  }, { create: true }));
}

export async function documentCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'add') throw new CliError('usage: penholder document add --negotiation ID --import FILE [--style outcome|resolution|treaty]');
  const { values } = parseArgs({
    args: rest,
    options: { negotiation: { type: 'string' }, import: { type: 'string' }, style: { type: 'string' } },
  });
  if (!values.import) throw new CliError('--import FILE is required (.docx, .txt or .md)');
  const numberingStyle = styleOption(values.style);
  const draft = importDraftFile(values.import, { numberingStyle });
  return (await withStore(async (store) => {
    const negotiationId = await negotiationOf(store, values.negotiation);
    const document = await addDocument(store, negotiationId, draft, basename(values.import!));
    printReport(values.import!, draft.report);
    process.stderr.write(`document ${document.id}: ${document.title} (${describe(draft)})\n`);
    process.stdout.write(`${document.id}\n`);
    return 0;
  }));
}
