import { describe, it, expect } from 'vitest';
import { newRecordId } from '../../server/src/ids.ts';

describe('record ids', () => {
  it('are URL-safe and never start like a command-line option', () => {
    const ids = Array.from({ length: 2000 }, newRecordId);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{11}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
