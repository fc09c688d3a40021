// Which PostgreSQL failures mean "the database cannot take this now" (StoreUnavailable: 503, retry,
// writable() false) and which mean "this is wrong" (left as they are). The lost connection is also
// exercised for real in tests/integration/storage-contract.test.ts; a full disk or a server shutting
// down cannot be produced there on demand, so their SQLSTATEs are checked here.
import { describe, expect, it } from 'vitest';
import { isUnavailable } from '../../server/src/storage/postgresStore.ts';

const sqlError = (code: string, message = 'error') => Object.assign(new Error(message), { code });

describe('a PostgreSQL failure', () => {
  it.each([
    ['53100', 'disk full (could not extend file)'],
    ['53200', 'out of memory'],
    ['53300', 'too many connections'],
    ['57P01', 'terminating connection due to administrator command'],
    ['57P02', 'crash shutdown'],
    ['57P03', 'the database system is starting up'],
    ['08006', 'connection failure'],
    ['08001', 'unable to connect'],
    ['58030', 'I/O error'],
    ['25006', 'read-only transaction (a standby after failover)'],
  ])('with SQLSTATE %s (%s) makes the store unavailable', (code, message) => {
    expect(isUnavailable(sqlError(code, message))).toBe(true);
  });

  it.each([
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'],
    ['ECONNRESET', 'read ECONNRESET'],
    ['ETIMEDOUT', 'connect ETIMEDOUT'],
  ])('with the socket error %s makes the store unavailable', (code, message) => {
    expect(isUnavailable(sqlError(code, message))).toBe(true);
  });

  it.each(['Connection terminated unexpectedly', 'timeout exceeded when trying to connect', 'Connection terminated due to connection timeout'])(
    'reported by node-postgres as "%s" makes the store unavailable',
    (message) => {
      expect(isUnavailable(new Error(message))).toBe(true);
    },
  );

  it('refused on every address of a host name (an AggregateError of refusals) makes the store unavailable', () => {
    const refused = new AggregateError([sqlError('ECONNREFUSED'), sqlError('ECONNREFUSED')], '');
    expect(isUnavailable(refused)).toBe(true);
  });

  it.each([
    ['23505', 'unique violation (a revision name taken)'],
    ['23503', 'foreign key violation (an unknown document)'],
    ['42P01', 'undefined table (a bug)'],
    ['40P01', 'deadlock detected'],
    ['22021', 'invalid byte sequence'],
  ])('with SQLSTATE %s (%s) stays what it is', (code, message) => {
    expect(isUnavailable(sqlError(code, message))).toBe(false);
  });

  it('that is not an error object, or carries no code, stays what it is', () => {
    expect(isUnavailable('ECONNREFUSED')).toBe(false);
    expect(isUnavailable(new Error('no document outcome'))).toBe(false);
    expect(isUnavailable(undefined)).toBe(false);
  });
});
