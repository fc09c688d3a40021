// Who may do what in a negotiation (docs/design.md §2). The server enforces this table; the editor
// reads it only to hide what would be refused anyway.
export type Role = 'cofacilitator' | 'delegation' | 'secretariat' | 'observer';

export const ROLES: readonly Role[] = ['cofacilitator', 'delegation', 'secretariat', 'observer'];

export interface Capabilities {
  /** Edit the text freely over the sync channel. */
  editText: boolean;
  /** Make proposals (brackets, insertions, deletions, alternatives) attributed to oneself. */
  propose: boolean;
  /** Resolve brackets and set paragraph status. */
  resolve: boolean;
  /** Freeze revisions, manage participants and their access links, start negotiations from a draft. */
  manage: boolean;
  /** Export the compilation text with attributions (everyone may export the clean draft). */
  exportCompilation: boolean;
  /** Freeze the live text as a named revision (zero draft, Rev.1...). Everyone may read and compare revisions. */
  freeze: boolean;
  /**
   * Screen negotiation: enter a proposal, support or objection on behalf of a delegation speaking in
   * the room; it is attributed to that delegation and recorded as entered by this participant.
   */
  enterForDelegation: boolean;
  /** Break a silence procedure, with a reason: a delegation objecting to text put under silence. */
  breakSilence: boolean;
  /**
   * Speak for one delegation: the access link names it, and proposals (replacements, insertions,
   * support, objection...) go through the proposals panel as named operations the server applies,
   * attributed to that delegation, rather than as edits of the text.
   */
  speakForDelegation: boolean;
}

export const CAPABILITIES: Readonly<Record<Role, Capabilities>> = {
  cofacilitator: { editText: true, propose: true, resolve: true, manage: false, exportCompilation: true, freeze: true, enterForDelegation: true, breakSilence: false, speakForDelegation: false },
  secretariat: { editText: true, propose: true, resolve: true, manage: true, exportCompilation: true, freeze: true, enterForDelegation: true, breakSilence: false, speakForDelegation: false },
  delegation: { editText: false, propose: true, resolve: false, manage: false, exportCompilation: false, freeze: false, enterForDelegation: false, breakSilence: true, speakForDelegation: true },
  observer: { editText: false, propose: false, resolve: false, manage: false, exportCompilation: false, freeze: false, enterForDelegation: false, breakSilence: false, speakForDelegation: false },
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export const ROLE_NAMES: Readonly<Record<Role, string>> = {
  cofacilitator: 'Co-facilitator',
  delegation: 'Delegation',
  secretariat: 'Secretariat',
  observer: 'Observer',
};
