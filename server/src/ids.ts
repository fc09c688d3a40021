// Ids of negotiations, documents and participants: 72 random bits, URL-safe. They never start with
// '-' or '_', so they can be typed as command-line arguments (`penholder revoke ID`).
import { randomBytes } from 'node:crypto';

export function newRecordId(): string {
  for (;;) {
    const id = randomBytes(9).toString('base64url');
    if (/^[A-Za-z0-9]/.test(id)) return id;
  }
}
