// The `penholder` command line: the domain without a browser, for a secretariat that scripts its
// work. Each subcommand returns an exit code; messages for people go to stderr.
import { parseArgs } from 'node:util';
import { importDraft, CliError } from './files.ts';
import { exportDocument } from '../../../shared/src/export/index.ts';
import { convertCommand, exportCommand, revisionsCommand } from './exports.ts';
import { documentCommand, negotiationCommand } from './negotiation.ts';
import { backupCommand } from './backup.ts';
import { delegationCommand, linkCommand, linksCommand, negotiationsCommand, revokeCommand } from './access.ts';

const USAGE = `usage:
  penholder outline FILE          print the structure of a draft (.docx, .txt or .md) as JSON
  penholder convert IN OUT [--kind clean|compilation]
                                  convert a draft; the output format follows OUT's extension
                                  (.txt, .md, .json, .docx, .html, .pdf, .akn.xml)

negotiations and access (on PENHOLDER_DATA_DIR, also while the server runs):
  penholder negotiation create --title TITLE --import FILE [--style outcome|resolution|treaty]
                               [--delegations FILE] [--name NAME]
                                  start a negotiation on a draft (.docx, .txt, .md); prints its first
                                  secretariat link (the import report and ids go to stderr)
  penholder document add --negotiation ID --import FILE [--style STYLE]
                                  add a document (an annex, a second decision); prints its id
  penholder negotiations          list negotiations and their documents
  penholder revisions --document ID
                                  list a document's frozen revisions: id, name, date, by, note
  penholder export --document ID [--revision ID] [--kind clean|compilation] OUT
                                  write a stored document (or a frozen revision) by OUT's extension
  penholder link --negotiation ID --role ROLE [--delegation NAME_OR_ID] [--name NAME] [--expires ISO]
                                  issue a personal access link and print it
  penholder links [--negotiation ID]
                                  list participants (links cannot be shown again: only their hash is kept)
  penholder revoke PARTICIPANT_ID revoke a link; the person's open connections close within a second
  penholder delegation add --negotiation ID --name NAME [--kind group|state|organization]
  penholder backup FILE [--force]  write a consistent copy of the database (also while the server
                                  runs); refuses to replace FILE without --force`;

type Command = (args: string[]) => number | Promise<number>;

const commands: Record<string, Command> = {
  outline(args) {
    const { positionals } = parseArgs({ args, allowPositionals: true });
    if (positionals.length !== 1) throw new CliError(`outline takes one FILE\n${USAGE}`);
    const { doc, report } = importDraft(positionals[0]);
    process.stdout.write(exportDocument(doc, 'json', report));
    return 0;
  },
  convert: convertCommand,
  revisions: revisionsCommand,
  export: exportCommand,
  negotiation: negotiationCommand,
  document: documentCommand,
  negotiations: negotiationsCommand,
  link: linkCommand,
  links: linksCommand,
  revoke: revokeCommand,
  delegation: delegationCommand,
  backup: backupCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(`${name ? `unknown command: ${name}\n` : ''}${USAGE}\n`);
    return name === '--help' || name === '-h' ? 0 : 2;
  }
  try {
    return await command(args);
  } catch (error) {
    if (error instanceof CliError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`penholder: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
}
