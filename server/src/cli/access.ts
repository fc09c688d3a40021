// Access management from the command line, on the store of a server that may be running: the SQLite
// file in PENHOLDER_DATA_DIR (WAL mode lets both processes use it), or the PostgreSQL database of
// PENHOLDER_DATABASE_URL (several instances); servers notice revocations within about a second by
// polling. Output meant for scripts goes to stdout (a link, an id); the rest to stderr.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { configFromEnv, PUBLIC_URL_SETTING, resolvePublicUrl } from '../config.ts';
import { AccessError, addDelegation, issueParticipant, listParticipants, revokeParticipant } from '../access/links.ts';
import { unusable } from '../access/authenticate.ts';
import { openStore as openConfiguredStore } from '../storage/open.ts';
import type { Store } from '../storage/store.ts';
import { CliError } from './files.ts';

export async function openStore(create: boolean): Promise<Store> {
  const config = configFromEnv();
  if (!config.databaseUrl && !create && !fs.existsSync(path.join(config.dataDir, 'penholder.sqlite'))) {
    throw new CliError(`no Penholder database in ${config.dataDir} (start the server once, or set PENHOLDER_DATA_DIR or PENHOLDER_DATABASE_URL)`);
  }
  try {
    return await openConfiguredStore(config);
  } catch (err) {
    throw new CliError(`cannot open the database: ${(err as Error)?.message ?? String(err)}`);
  }
}

/** Runs `fn` on the data directory's store; `create` makes the database when there is none yet. */
export async function withStore<T>(fn: (store: Store) => T | Promise<T>, options: { create?: boolean } = {}): Promise<T> {
  const store = await openStore(options.create ?? false);
  try {
    return await fn(store);
  } catch (err) {
    if (err instanceof AccessError) throw new CliError(err.message);
    throw err;
  } finally {
    await store.close();
  }
}

/**
 * Base of the links the CLI prints: PENHOLDER_PUBLIC_URL or PORT when given, otherwise the URL the
 * server last started on this database recorded, otherwise the default port.
 */
export async function publicUrl(store: Store): Promise<string> {
  const config = configFromEnv();
  const explicit = process.env.PENHOLDER_PUBLIC_URL || process.env.PORT;
  const recorded = await store.getSetting(PUBLIC_URL_SETTING);
  return explicit || !recorded ? resolvePublicUrl(config, config.port) : recorded;
}

export async function negotiationOf(store: Store, id: string | undefined): Promise<string> {
  const negotiations = await store.listNegotiations();
  if (id === undefined) {
    if (negotiations.length === 1) return negotiations[0]!.id;
    throw new CliError('--negotiation ID is required (see penholder negotiations)');
  }
  if (!negotiations.some((n) => n.id === id)) throw new CliError(`no negotiation with id "${id}" (see penholder negotiations)`);
  return id;
}

export async function negotiationsCommand(args: string[]): Promise<number> {
  parseArgs({ args, options: {}, allowPositionals: false });
  return (await withStore(async (store) => {
    const negotiations = await store.listNegotiations();
    if (negotiations.length === 0) process.stderr.write('no negotiations\n');
    for (const n of negotiations) {
      const docs = await store.listDocuments(n.id);
      const people = (await store.listParticipants(n.id)).filter((p) => !unusable(p)).length;
      process.stdout.write(`${n.id}\t${n.title}\t${docs.length} document(s)\t${people} active participant(s)\n`);
      for (const d of docs) process.stdout.write(`  document ${d.id}\t${d.title}\n`);
    }
    return 0;
  }));
}

export async function linkCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      negotiation: { type: 'string' },
      role: { type: 'string' },
      delegation: { type: 'string' },
      name: { type: 'string' },
      expires: { type: 'string' },
    },
  });
  if (!values.role) throw new CliError('--role is required (cofacilitator, delegation, secretariat or observer)');
  if (values.role === 'delegation' && !values.delegation) throw new CliError('--delegation NAME_OR_ID is required for a delegation link');
  return (await withStore(async (store) => {
    const negotiationId = await negotiationOf(store, values.negotiation);
    let delegationId: string | undefined;
    if (values.delegation !== undefined) {
      const wanted = values.delegation.toLowerCase();
      const d = (await store.listDelegations(negotiationId)).find((x) => x.id === values.delegation || x.name.toLowerCase() === wanted);
      if (!d) throw new CliError(`no delegation "${values.delegation}" in this negotiation (add it with: penholder delegation add)`);
      delegationId = d.id;
    }
    const { participant, link } = (await issueParticipant(
      store,
      { negotiationId, role: values.role, name: values.name, delegationId, expiresAt: values.expires },
      await publicUrl(store),
    ));
    process.stderr.write(`participant ${participant.id}: ${participant.name} (${participant.role}${participant.delegation ? `, ${participant.delegation.name}` : ''})\n`);
    process.stdout.write(`${link}\n`);
    return 0;
  }));
}

export async function linksCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { negotiation: { type: 'string' } } });
  return (await withStore(async (store) => {
    const negotiationId = values.negotiation === undefined ? undefined : await negotiationOf(store, values.negotiation);
    const participants = await listParticipants(store, negotiationId);
    if (participants.length === 0) process.stderr.write('no participants\n');
    for (const p of participants) {
      const state = p.revokedAt ? `revoked ${p.revokedAt}` : unusable(p) === 'expired' ? `expired ${p.expiresAt}` : p.expiresAt ? `active until ${p.expiresAt}` : 'active';
      process.stdout.write(
        [p.id, p.negotiationId, p.role, p.delegation?.id ?? '-', p.name, `created ${p.createdAt}`, state].join('\t') + '\n',
      );
    }
    return 0;
  }));
}

export async function revokeCommand(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true });
  if (positionals.length !== 1) throw new CliError('revoke takes one PARTICIPANT_ID (see penholder links)');
  return (await withStore(async (store) => {
    const p = await revokeParticipant(store, positionals[0]!);
    process.stdout.write(`revoked ${p.id} (${p.name}) at ${p.revokedAt}\n`);
    return 0;
  }));
}

export async function delegationCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'add') throw new CliError('usage: penholder delegation add --negotiation ID --name NAME [--kind group|state|organization]');
  const { values } = parseArgs({
    args: rest,
    options: { negotiation: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string' } },
  });
  if (!values.name) throw new CliError('--name is required');
  return (await withStore(async (store) => {
    const d = await addDelegation(store, (await negotiationOf(store, values.negotiation)), { name: values.name, kind: values.kind });
    process.stderr.write(`added ${d.name} (${d.kind})\n`);
    process.stdout.write(`${d.id}\n`);
    return 0;
  }));
}
