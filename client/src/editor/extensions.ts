// The editor = the shared schema + collaboration + thin adapters over shared/ rules.
import type { AnyExtension } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { schemaExtensions } from '../../../shared/src/schema/extensions.ts';
import { DOCUMENT_FIELD } from '../../../shared/src/collab/ydoc.ts';
import type { PresenceUser } from '../collab/presence.ts';
import { PenholderKeymap } from './keymap.ts';
import { EnsureIds } from './ensureIds.ts';
import { Labels } from './labels.ts';
import { BracketCaret } from './bracketCaret.ts';
import { Attribution, type AttributionOptions } from './attribution.ts';
import { ReadOnlyInput } from './readOnly.ts';
import { Authorship, type AuthorshipOptions } from './authorship.ts';
import { AgreedLock } from './agreedLock.ts';
import { LiteralClipboard } from './literalClipboard.ts';
import { DeletedBlocks } from './deletedBlocks.ts';
import { ReactSelection } from './reactSelection.ts';

export interface EditorSetup {
  ydoc: Y.Doc;
  provider: WebsocketProvider;
  user: PresenceUser;
  proposer?: () => string | null;
  attribution?: Partial<AttributionOptions>;
  /** The optional "Colour by author" view (authorship.ts). */
  authorship?: Partial<AuthorshipOptions>;
  /**
   * The text may not be edited from this browser (delegations, observers): the editor stays
   * navigable (caret, arrows, selection, copy) but refuses every local change (readOnly.ts).
   */
  readOnly?: boolean;
  /** A reader tried to type into the text (readOnly.ts). */
  onEditAttempt?: () => void;
  /** A pen-holder's change touched agreed text and was refused, with why (agreedLock.ts). */
  onLockRefused?: (message: string) => void;
}

/** Caret of a collaborator: the name goes in as a text node, never as HTML. */
export function renderCaret(user: Record<string, unknown>): HTMLElement {
  const caret = document.createElement('span');
  caret.classList.add('collaboration-carets__caret');
  caret.style.borderColor = String(user.color);
  const label = document.createElement('div');
  label.classList.add('collaboration-carets__label');
  label.style.backgroundColor = String(user.color);
  const name = typeof user.name === 'string' ? user.name : 'Someone';
  const delegation = typeof user.delegation === 'string' && user.delegation !== name ? user.delegation : null;
  label.textContent = delegation ? `${name} (${delegation})` : name; // text, never HTML
  caret.append(label);
  return caret;
}

export function editorExtensions({
  ydoc,
  provider,
  user,
  proposer,
  attribution,
  authorship,
  readOnly,
  onEditAttempt,
  onLockRefused,
}: EditorSetup): AnyExtension[] {
  // No UndoRedo here: schemaExtensions carries none, and Collaboration brings y-undo (Mod-z / Mod-y),
  // which undoes only this user's own changes.
  return [
    ...schemaExtensions,
    Collaboration.configure({ document: ydoc, field: DOCUMENT_FIELD }),
    CollaborationCaret.configure({ provider, user, render: renderCaret }),
    PenholderKeymap.configure({ proposer: proposer ?? (() => null) }),
    EnsureIds,
    Labels,
    BracketCaret,
    Attribution.configure(attribution ?? {}),
    Authorship.configure(authorship ?? {}),
    LiteralClipboard,
    ReactSelection,
    ...(readOnly
      ? [ReadOnlyInput.configure({ onEditAttempt: onEditAttempt ?? (() => {}) })]
      : [AgreedLock.configure({ onRefused: onLockRefused ?? (() => {}) }), DeletedBlocks]),
  ];
}
