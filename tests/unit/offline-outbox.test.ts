// Counting this browser's edits the server has not stored (client/src/collab/outbox.ts), what the
// header says about them, and who keeps a copy in the browser (docs/design.md, "Offline").
import { describe, expect, it } from 'vitest';
import { Outbox } from '../../client/src/collab/outbox.ts';
import { saveStatus } from '../../client/src/components/ConnectionIndicator.tsx';
import { keepsLocalCopy, storeName } from '../../client/src/collab/localStore.ts';
import { isSilent, SILENCE_LIMIT_MS } from '../../client/src/collab/watchdog.ts';

/** A socket that opened and whose provider answered the server's step 1. */
function connected(outbox: Outbox): Outbox {
  outbox.socketOpened();
  outbox.handshakeSent();
  return outbox;
}

describe('edits waiting for the server', () => {
  it('are counted as they are made, and confirmed by the answer to a step 1 sent after them', () => {
    const o = connected(new Outbox());
    o.answerReceived(); // the answer to the provider's own step 1 at open confirms nothing
    o.localEdit();
    o.localEdit();
    expect(o.waiting).toBe(2);
    expect(o.shouldProbe()).toBe(true);
    o.probeSent();
    expect(o.shouldProbe()).toBe(false); // one probe in flight at a time
    o.localEdit(); // made after the probe: not covered by its answer
    o.answerReceived();
    expect(o.waiting).toBe(1);
    expect(o.shouldProbe()).toBe(true);
    o.probeSent();
    o.answerReceived();
    expect(o.waiting).toBe(0);
    expect(o.shouldProbe()).toBe(false);
  });

  it('are not confirmed by the answer to the provider\'s own step 1, which went out before the resent edits', () => {
    const o = new Outbox();
    o.localEdit(); // offline
    o.localEdit();
    o.socketOpened(); // provider sends its step 1
    expect(o.shouldProbe()).toBe(false); // our step 2 (with the edits) has not gone out yet
    o.answerReceived(); // the server's answer to the provider's step 1
    expect(o.waiting).toBe(2);
    o.handshakeSent(); // the provider answered the server's step 1 with everything it lacks
    expect(o.shouldProbe()).toBe(true);
    o.probeSent();
    o.answerReceived();
    expect(o.waiting).toBe(0);
  });

  it('pairs answers with step 1s in order, whichever arrives while a probe is out', () => {
    const o = new Outbox();
    o.socketOpened();
    o.localEdit();
    o.handshakeSent();
    o.probeSent(); // covers 1 edit; the provider's step 1 is still unanswered
    o.answerReceived(); // answers the provider's step 1
    expect(o.waiting).toBe(1);
    o.answerReceived(); // answers the probe
    expect(o.waiting).toBe(0);
  });

  it('survive a lost connection: the probe in flight confirms nothing, the next socket resends and confirms', () => {
    const o = connected(new Outbox());
    o.answerReceived();
    o.localEdit();
    o.probeSent();
    o.socketClosed(); // the answer never comes
    o.answerReceived(); // a stray answer after the close is ignored
    expect(o.waiting).toBe(1);
    expect(o.shouldProbe()).toBe(false); // no socket
    o.localEdit();
    o.socketOpened();
    o.answerReceived();
    expect(o.waiting).toBe(2);
    o.handshakeSent();
    o.probeSent();
    o.answerReceived();
    expect(o.waiting).toBe(0);
  });

  it('include those restored with the browser\'s copy after a reload, confirmed once resent', () => {
    const o = new Outbox();
    o.restore(3);
    o.restore(-1); // nonsense from a damaged store is ignored
    o.restore(1.5);
    expect(o.waiting).toBe(3);
    connected(o);
    o.answerReceived();
    o.probeSent();
    o.answerReceived();
    expect(o.waiting).toBe(0);
  });

  it('are not probed for before the socket answered the server, nor when nothing is waiting', () => {
    const o = new Outbox();
    o.socketOpened();
    o.localEdit();
    expect(o.shouldProbe()).toBe(false);
    o.probeSent(); // sent anyway (a caller's bug): covers nothing
    o.answerReceived();
    o.answerReceived();
    expect(o.waiting).toBe(1);
    const idle = connected(new Outbox());
    expect(idle.shouldProbe()).toBe(false);
  });
});

describe('what the header says', () => {
  it('names the waiting edits offline, "Saving…" until confirmed, then "All changes saved"', () => {
    expect(saveStatus('offline', 3)).toEqual({ status: 'waiting', label: '3 edits waiting' });
    expect(saveStatus('offline', 1)).toEqual({ status: 'waiting', label: '1 edit waiting' });
    expect(saveStatus('offline', 0)).toBeNull();
    expect(saveStatus('connected', 2)).toEqual({ status: 'saving', label: 'Saving…' });
    expect(saveStatus('syncing', 0)).toEqual({ status: 'saving', label: 'Saving…' });
    expect(saveStatus('connected', 0)).toEqual({ status: 'saved', label: 'All changes saved' });
  });

  it('says nothing about saving to those who cannot edit the text', () => {
    expect(saveStatus('connected', null)).toBeNull();
    expect(saveStatus('offline', null)).toBeNull();
  });
});

describe('the browser\'s copy of a document', () => {
  it('is kept only by roles that write over the sync channel', () => {
    expect(keepsLocalCopy('cofacilitator')).toBe(true);
    expect(keepsLocalCopy('secretariat')).toBe(true);
    expect(keepsLocalCopy('delegation')).toBe(false);
    expect(keepsLocalCopy('observer')).toBe(false);
  });

  it('is stored per document and per participant', () => {
    const names = new Set([storeName('d1', 'p1'), storeName('d1', 'p2'), storeName('d2', 'p1')]);
    expect(names.size).toBe(3);
    // ids with the separator in them cannot collide with another pair
    expect(storeName('a:b', 'c')).not.toBe(storeName('a', 'b:c'));
  });
});

describe('a silent connection', () => {
  it('is dead after the limit, which leaves room for two missed heartbeats', () => {
    expect(SILENCE_LIMIT_MS).toBeLessThan(5_000);
    expect(SILENCE_LIMIT_MS).toBeGreaterThan(2 * 1_000 + 1_000);
    expect(isSilent(10_000, 10_000 + SILENCE_LIMIT_MS)).toBe(false);
    expect(isSilent(10_000, 10_001 + SILENCE_LIMIT_MS)).toBe(true);
  });
});
