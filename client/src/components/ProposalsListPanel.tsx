// The proposals panel: every open bracket group and proposal of the document, by section and
// paragraph, with proposers (short names on their colours) and positions as counts; filters by
// delegation, section and state; the comments on each paragraph and alternative, threaded.
//
// The list is derived from the editor's document by a pure function (shared/proposals/listing.ts),
// again after each change, debounced (DERIVE_DELAY_MS), so counts follow the room live without
// costing anything on a keystroke. A derivation that shows nothing new (typing moves positions, not
// groups: listingView.ts) keeps the previous value, so React renders and commits nothing; when the
// list did change, only the rows that show something new render again (ItemRow, GroupLine, memoised).
// A long list renders its first rows, more as it is scrolled, and always the current item
// (rowsToRender): every row on the page costs each keystroke in the text some of the browser's time.
// The caret's paragraph ("Comment on paragraph 12") is its own small component, so a caret move
// does not render the list. Choosing an item puts the caret in that group (its position looked up
// then), scrolls the editor to it and highlights it (the pen-holders' panel then offers to resolve it).
//
// Keyboard, when the list has focus: ] or ArrowDown or Alt+ArrowDown for the next item, [ or ArrowUp
// or Alt+ArrowUp for the previous one, Home and End, Enter to scroll to the current item again.
// Alt+ArrowDown / Alt+ArrowUp also work from anywhere in the panel (buttons, filters).
//
// Comments are read live from the Y.Doc (collab/comments.ts) and written only by the server
// (postCommentOperation); who may comment or resolve is asked of the shared rules.
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode, type UIEvent } from 'react';
import type { Editor } from '@tiptap/core';
import type * as Y from 'yjs';
import { TextSelection, type EditorState } from '@tiptap/pm/state';
import { colorFor } from '../../../shared/src/access/colors.ts';
import { ROLE_NAMES, type Role } from '../../../shared/src/access/roles.ts';
import { findGroup } from '../../../shared/src/brackets/context.ts';
import {
  mayComment,
  mayResolve,
  openThreadCount,
  targetKey,
  threadsByTarget,
  type CommentOperation,
  type StoredComment,
  type Thread,
} from '../../../shared/src/comments/comments.ts';
import {
  GROUP_STATE_WORDS,
  GROUP_STATES,
  alternativeInWords,
  countBracketGroups,
  filterBracketGroups,
  involves,
  positionCounts,
  sectionsWithGroups,
  type GroupState,
  type ListedAlternative,
  type ListedGroup,
  type Section,
} from '../../../shared/src/proposals/listing.ts';
import { postCommentOperation } from '../api.ts';
import { useCommentThreads } from '../collab/comments.ts';
import { setGroupHighlight } from '../editor/attribution.ts';
import { blockLabel } from '../editor/blockLabel.ts';
import { useSelectionContext } from '../editor/useSelectionContext.ts';
import { nodeId } from '../../../shared/src/schema/ids.ts';
import { DelegationSelect } from './DelegationSelect.tsx';
import { ROWS_AT_FIRST, ROWS_MORE, blockPosition, deriveListing, rowsToRender, sameAlternatives, sameListing, sameShownGroup, type Listing } from './listingView.ts';

const DERIVE_DELAY_MS = 250;

/** The list re-derived from the editor's document after changes, at most every DERIVE_DELAY_MS; the same object while it shows the same. */
function useListing(editor: Editor): Listing {
  const [listing, setListing] = useState(() => deriveListing(editor.state));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const derive = () => {
      const next = deriveListing(editor.state);
      setListing((previous) => (sameListing(previous, next) ? previous : next));
    };
    const onTransaction = ({ transaction }: { transaction: { docChanged: boolean } }) => {
      if (!transaction.docChanged || timer !== null) return;
      timer = setTimeout(() => {
        timer = null;
        if (!editor.isDestroyed) derive();
      }, DERIVE_DELAY_MS);
    };
    editor.on('transaction', onTransaction);
    derive();
    return () => {
      editor.off('transaction', onTransaction);
      if (timer !== null) clearTimeout(timer);
    };
  }, [editor]);
  return listing;
}

type StateFilter = GroupState | 'commented' | '';

type Item =
  | { kind: 'group'; key: string; blockId: string | null; blockPos: number; group: ListedGroup }
  | { kind: 'paragraph'; key: string; blockId: string; blockPos: number };

/** The top-level block holding the caret, when it has an id (paragraphs, subparagraphs, headings). */
function caretBlock(state: EditorState): { id: string; label: string | null; type: string } | null {
  const { $from } = state.selection;
  if ($from.depth < 1) return null;
  const node = $from.node(1);
  const id = nodeId(node);
  if (!id || node.type.name === 'front') return null;
  return { id, label: blockLabel(state, $from.before(1)), type: node.type.name };
}
const refreshCaretBlock = (state: EditorState, previous: ReturnType<typeof caretBlock>) => {
  if (!previous) return previous;
  const label = blockLabel(state, state.selection.$from.before(1));
  return label === previous.label ? previous : { ...previous, label };
};

const sectionName = (s: Section | null) => (s ? (s.label ? `${s.label} ${s.title}` : s.title) : 'Before the first heading');
const where = (label: string | null) => (label ? `Paragraph ${label}` : 'Unnumbered paragraph');

export interface ProposalsListPanelProps {
  editor: Editor;
  ydoc: Y.Doc;
  documentId: string;
  role: Role;
  delegations: { id: string; name: string }[];
  name: (id: string) => string;
  short: (id: string) => string;
}

export function ProposalsListPanel({ editor, ydoc, documentId, role, delegations, name, short }: ProposalsListPanelProps) {
  const { groups, blocks } = useListing(editor);
  const threads = useCommentThreads(ydoc);
  const byTarget = useMemo(() => threadsByTarget(threads), [threads]);
  const [delegation, setDelegation] = useState('');
  const [section, setSection] = useState('');
  const [state, setState] = useState<StateFilter>('');
  const [currentKey, setCurrentKey] = useState<string | null>(null);
  const listRef = useRef<HTMLOListElement>(null);

  const sections = useMemo(() => sectionsWithGroups(groups), [groups]);
  const counts = useMemo(() => countBracketGroups(groups), [groups]);
  const openComments = threads.filter((t) => !t.root.resolved).length;

  // comment count of a group: open threads on its alternatives
  const groupComments = (g: ListedGroup) =>
    g.alternatives.reduce((n, a) => n + (g.blockId && a.id ? openThreadCount(byTarget.get(targetKey({ blockId: g.blockId, altId: a.id }))) : 0), 0);

  const items = useMemo<Item[]>(() => {
    const filtered = filterBracketGroups(groups, {
      delegation: delegation || null,
      section: section === '' ? null : section === '(none)' ? '' : section,
      state: state && state !== 'commented' ? state : null,
    });
    const list: Item[] = filtered
      .filter((g) => state !== 'commented' || groupComments(g) > 0)
      .map((g) => ({ kind: 'group', key: g.id ?? `@${g.pos}`, blockId: g.blockId, blockPos: g.blockPos, group: g }));
    // paragraphs with comments of their own: listed even without brackets, unless a filter excludes them
    if (!delegation && !section && (state === '' || state === 'commented')) {
      const listed = new Set(list.map((i) => i.blockId));
      for (const t of threads) {
        const id = t.root.target.blockId;
        const place = blocks.get(id);
        if (t.root.target.altId || listed.has(id) || !place) continue;
        if (state === 'commented' && !openThreadCount(byTarget.get(id))) continue;
        listed.add(id);
        list.push({ kind: 'paragraph', key: `p:${id}`, blockId: id, blockPos: place.pos });
      }
    }
    return list.sort((a, b) => a.blockPos - b.blockPos || (a.kind === 'group' && b.kind === 'group' ? a.group.pos - b.group.pos : a.kind === 'paragraph' ? -1 : 1));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [groups, blocks, threads, byTarget, delegation, section, state]);

  const currentIndex = items.findIndex((i) => i.key === currentKey);
  // rows rendered: the first ROWS_AT_FIRST, more as the list is scrolled, and always the current one
  const [rowsAsked, setRowsAsked] = useState(ROWS_AT_FIRST);
  const rows = rowsToRender(rowsAsked, items.length, currentIndex);
  const onListScroll = (e: UIEvent<HTMLOListElement>) => {
    const list = e.currentTarget;
    if (rows < items.length && list.scrollTop + list.clientHeight > list.scrollHeight - 2 * list.clientHeight) setRowsAsked(rows + ROWS_MORE);
  };

  const choose = (item: Item) => {
    setCurrentKey(item.key);
    if (editor.isDestroyed) return;
    const doc = editor.state.doc;
    let pos: number | null = null;
    if (item.kind === 'group') pos = (item.group.id ? findGroup(doc, item.group.id)?.pos : null) ?? item.group.pos;
    else pos = blockPosition(editor.state, item.blockId);
    if (pos === null || pos > doc.content.size) return;
    const inside = Math.min(pos + (item.kind === 'group' ? 2 : 1), doc.content.size);
    editor.view.dispatch(editor.state.tr.setSelection(TextSelection.near(doc.resolve(inside))));
    setGroupHighlight(editor, item.kind === 'group' ? item.group.id : null);
    const dom = editor.view.nodeDOM(pos);
    if (dom instanceof HTMLElement) dom.scrollIntoView({ block: 'center' });
  };

  // rows are memoised: they get one stable callback, which calls the latest `choose`
  const latestChoose = useRef(choose);
  latestChoose.current = choose;
  const onChoose = useCallback((item: Item) => latestChoose.current(item), []);

  const step = (delta: number) => {
    if (!items.length) return;
    const next = currentIndex < 0 ? (delta > 0 ? 0 : items.length - 1) : Math.min(items.length - 1, Math.max(0, currentIndex + delta));
    choose(items[next]);
  };

  // keep the current item in view in the list
  useEffect(() => {
    if (!currentKey || !listRef.current) return;
    const el = listRef.current.querySelector(`[data-item-key="${CSS.escape(currentKey)}"]`);
    if (el instanceof HTMLElement) el.scrollIntoView({ block: 'nearest' });
  }, [currentKey]);

  const onListKey = (e: KeyboardEvent<HTMLOListElement>) => {
    if (e.target !== e.currentTarget) return;
    const key = e.key;
    if (key === ']' || (key === 'ArrowDown' && !e.altKey)) step(1);
    else if (key === '[' || (key === 'ArrowUp' && !e.altKey)) step(-1);
    else if (key === 'Home' && items.length) choose(items[0]);
    else if (key === 'End' && items.length) choose(items[items.length - 1]);
    else if (key === 'Enter' && currentIndex >= 0) choose(items[currentIndex]);
    else return;
    e.preventDefault();
  };
  const onPanelKey = (e: KeyboardEvent<HTMLElement>) => {
    if (!e.altKey || (e.key !== 'ArrowDown' && e.key !== 'ArrowUp')) return;
    e.preventDefault();
    step(e.key === 'ArrowDown' ? 1 : -1);
  };

  const canComment = mayComment(role).ok;
  const canResolve = mayResolve(role).ok;

  return (
    <section className="panel proposals-list" data-panel="proposals-list" aria-label="Proposals and brackets" onKeyDown={onPanelKey}>
      <h3>Proposals and brackets</h3>
      <p className="list-counts" data-list-counts aria-live="polite">
        <span data-count="groups">{counts.groups}</span> open {counts.groups === 1 ? 'group' : 'groups'} ·{' '}
        <span data-count="proposals">{counts.proposals}</span> by delegations ·{' '}
        <span data-count="contested">{counts.byState.contested}</span> contested ·{' '}
        <span data-count="comments">{openComments}</span> open {openComments === 1 ? 'comment' : 'comments'}
      </p>
      <div className="list-filters">
        <label>
          Delegation
          <DelegationSelect delegations={delegations} value={delegation} onChange={setDelegation} emptyLabel="All" data-list-filter="delegation" />
        </label>
        <label>
          Section
          <select value={section} onChange={(e) => setSection(e.target.value)} data-list-filter="section">
            <option value="">All</option>
            {groups.some((g) => !g.section) && <option value="(none)">{sectionName(null)}</option>}
            {sections.map((s) => (
              <option key={s.key} value={s.key}>
                {sectionName(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={state} onChange={(e) => setState(e.target.value as StateFilter)} data-list-filter="state">
            <option value="">All</option>
            {GROUP_STATES.map((s) => (
              <option key={s} value={s}>
                {GROUP_STATE_WORDS[s]}
              </option>
            ))}
            <option value="commented">With open comments</option>
          </select>
        </label>
      </div>
      <div className="list-nav">
        <button type="button" onClick={() => step(-1)} disabled={!items.length} data-list-prev aria-keyshortcuts="[ Alt+ArrowUp">
          ↑ Previous
        </button>
        <span className="muted" data-list-position>
          {items.length ? `${currentIndex >= 0 ? currentIndex + 1 : '–'} of ${items.length}` : 'Nothing to list'}
        </span>
        <button type="button" onClick={() => step(1)} disabled={!items.length} data-list-next aria-keyshortcuts="] Alt+ArrowDown">
          Next ↓
        </button>
      </div>
      {canComment && <CommentAtCaret editor={editor} documentId={documentId} />}
      <p className="hint muted">Keys in the list: ] and [ (or ↓ ↑, Alt+↓ Alt+↑) next and previous, Enter to show it again.</p>
      <ol
        className="proposal-items"
        ref={listRef}
        tabIndex={0}
        role="listbox"
        aria-label="Open brackets and proposals"
        aria-activedescendant={currentIndex >= 0 ? `item-${items[currentIndex].key}` : undefined}
        onKeyDown={onListKey}
        onScroll={onListScroll}
        data-proposal-items
      >
        {items.slice(0, rows).map((item, i) => {
          const previous = items[i - 1];
          const block = item.blockId ? blocks.get(item.blockId) : undefined;
          return (
            <ItemRow
              key={item.key}
              item={item}
              label={item.kind === 'group' ? item.group.label : (block?.label ?? null)}
              newParagraph={!previous || previous.blockPos !== item.blockPos}
              current={item.key === currentKey}
              position={i + 1}
              of={items.length}
              onChoose={onChoose}
              byTarget={byTarget}
              delegations={delegations}
              name={name}
              short={short}
              documentId={documentId}
              canComment={canComment}
              canResolve={canResolve}
            />
          );
        })}
      </ol>
      <Legend delegations={delegations} short={short} groups={groups} />
    </section>
  );
}

/** "Comment on paragraph 12 (at the caret)": follows the caret on its own, so a caret move renders this, not the list. */
function CommentAtCaret({ editor, documentId }: { editor: Editor; documentId: string }) {
  const atCaret = useSelectionContext(editor, caretBlock, refreshCaretBlock);
  const [composeAt, setComposeAt] = useState<string | null>(null);
  if (!atCaret) return null;
  return (
    <div className="comment-at-caret">
      {composeAt === atCaret.id ? (
        <CommentForm
          documentId={documentId}
          op={(text) => ({ type: 'comment', blockId: atCaret.id, altId: null, text })}
          label={`Your comment on ${where(atCaret.label).toLowerCase()}`}
          onDone={() => setComposeAt(null)}
        />
      ) : (
        <button type="button" className="link" data-comment-caret onMouseDown={(e) => e.preventDefault()} onClick={() => setComposeAt(atCaret.id)}>
          Comment on {where(atCaret.label).toLowerCase()} (at the caret)
        </button>
      )}
    </div>
  );
}

interface ItemRowProps {
  item: Item;
  label: string | null;
  /** The first item of its paragraph: shows the paragraph's place. */
  newParagraph: boolean;
  current: boolean;
  /** Place in the whole list and its length (not every row is rendered: rowsToRender). */
  position: number;
  of: number;
  onChoose: (item: Item) => void;
  byTarget: Map<string, Thread[]>;
  /** Changes when delegation names do (name and short are read through it). */
  delegations: unknown;
  name: (id: string) => string;
  short: (id: string) => string;
  documentId: string;
  canComment: boolean;
  canResolve: boolean;
}

const sameItem = (a: Item, b: Item) =>
  a === b ||
  (a.kind === 'group' && b.kind === 'group' ? a.key === b.key && sameShownGroup(a.group, b.group) : a.kind === b.kind && a.key === b.key);

/**
 * One item of the list. Rendered again only when what it shows changed: after an Enter the list
 * derives again and every later paragraph's label moves, but a row whose group, label and comments
 * are the same is left alone (positions are not shown; `item` may carry new ones).
 */
const ItemRow = memo(
  ItemRowView,
  (a, b) =>
    sameItem(a.item, b.item) &&
    a.label === b.label &&
    a.newParagraph === b.newParagraph &&
    a.current === b.current &&
    a.position === b.position &&
    a.of === b.of &&
    a.onChoose === b.onChoose &&
    a.byTarget === b.byTarget &&
    a.delegations === b.delegations &&
    a.documentId === b.documentId &&
    a.canComment === b.canComment &&
    a.canResolve === b.canResolve,
);

function ItemRowView({ item, label, newParagraph, current, position, of, onChoose, byTarget, delegations, name, short, documentId, canComment, canResolve }: ItemRowProps) {
  const paragraphThreads = item.blockId ? byTarget.get(item.blockId) : undefined;
  const comments = { documentId, byTarget, canComment, canResolve, name };
  return (
    <li
      id={`item-${item.key}`}
      role="option"
      aria-selected={current}
      aria-posinset={position}
      aria-setsize={of}
      className={current ? 'item current' : 'item'}
      data-item-key={item.key}
      data-item-label={label ?? ''}
      onClick={() => onChoose(item)}
    >
      {newParagraph && (
        <div className="item-place">
          <strong>{where(label)}</strong>
          {item.kind === 'group' && item.group.section && <span className="muted"> · {sectionName(item.group.section)}</span>}
          <CountBadge n={openThreadCount(paragraphThreads)} what="on the paragraph" />
        </div>
      )}
      {item.kind === 'group' && <GroupLine group={item.group} name={name} short={short} byTarget={byTarget} delegations={delegations} />}
      {current && item.blockId && (
        <div className="item-comments" onClick={(e) => e.stopPropagation()}>
          <Comments {...comments} target={{ blockId: item.blockId, altId: null }} title={`On ${where(label).toLowerCase()}`} />
          {item.kind === 'group' &&
            item.group.alternatives
              .filter((a) => a.id)
              .map((a) => (
                <Comments
                  key={a.id}
                  {...comments}
                  target={{ blockId: item.blockId!, altId: a.id }}
                  title={
                    <>
                      On <AltText alt={a} />
                      {a.proposer ? ` (${name(a.proposer)})` : ''}
                    </>
                  }
                />
              ))}
        </div>
      )}
    </li>
  );
}

function CountBadge({ n, what }: { n: number; what: string }) {
  if (!n) return null;
  return (
    <span className="count-badge" data-comment-count={n} title={`${n} open ${n === 1 ? 'comment' : 'comments'} ${what}`}>
      {n} {n === 1 ? 'comment' : 'comments'}
      <span className="sr-only"> open {what}</span>
    </span>
  );
}

function AltText({ alt }: { alt: ListedAlternative }) {
  if (alt.deletes !== null) {
    return (
      <span className="alt-text">
        [<del>{alt.deletes}</del>]
      </span>
    );
  }
  return <span className="alt-text">[{alt.text || '\u2009'}]</span>;
}

/** One short name on its colour, the name in full on hover and for screen readers. */
export function DelegationTag({ id, short, full }: { id: string; short: string; full: string }) {
  return (
    <span className="delegation-tag" style={{ background: colorFor(id) }} title={full}>
      <span aria-hidden="true">{short}</span>
      <span className="sr-only">{full}</span>
    </span>
  );
}

interface GroupLineProps {
  group: ListedGroup;
  name: (id: string) => string;
  short: (id: string) => string;
  byTarget: Map<string, Thread[]>;
  /** Changes when delegation names do (name and short are read through it). */
  delegations: unknown;
}

/**
 * One group's alternatives. Re-rendered only when the group's content, the comments or the names
 * changed: the list derives again after every change in the room, and a group in an untouched block
 * keeps its alternatives (listing.ts reuses them), so a long list costs little to update.
 */
const GroupLine = memo(
  GroupLineView,
  (a, b) =>
    sameAlternatives(a.group.alternatives, b.group.alternatives) &&
    a.group.id === b.group.id &&
    a.group.blockId === b.group.blockId &&
    a.group.state === b.group.state &&
    a.group.depth === b.group.depth &&
    a.byTarget === b.byTarget &&
    a.delegations === b.delegations,
);

function GroupLineView({ group, name, short, byTarget }: GroupLineProps) {
  return (
    <ul className={`item-alts state-${group.state}`} data-group-id={group.id ?? ''} data-group-state={group.state} style={{ marginLeft: `${group.depth}em` }}>
      {group.alternatives.map((a) => {
        const counts = positionCounts(a);
        const words = alternativeInWords(a, name);
        const threads = group.blockId && a.id ? byTarget.get(targetKey({ blockId: group.blockId, altId: a.id })) : undefined;
        return (
          <li key={a.id ?? a.index} data-alt-id={a.id ?? ''} data-proposer={a.proposer ?? ''}>
            <AltText alt={a} />{' '}
            {a.proposer && <DelegationTag id={a.proposer} short={short(a.proposer)} full={name(a.proposer)} />}
            {counts && (
              <span className="alt-counts" title={words} data-positions={counts}>
                <span aria-hidden="true">{counts}</span>
                <span className="sr-only">{words}</span>
              </span>
            )}
            {!counts && a.proposer && <span className="sr-only">{words}</span>}
            <CountBadge n={openThreadCount(threads)} what="on this alternative" />
          </li>
        );
      })}
    </ul>
  );
}

function authorLine(c: StoredComment): string {
  const a = c.author;
  const as = a.delegationName ?? ROLE_NAMES[a.role] ?? a.role;
  return a.name === as ? a.name : `${a.name} (${as})`;
}

const when = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
};

function Comments({
  documentId,
  target,
  title,
  byTarget,
  canComment,
  canResolve,
}: {
  documentId: string;
  target: { blockId: string; altId: string | null };
  title: ReactNode;
  byTarget: Map<string, Thread[]>;
  canComment: boolean;
  canResolve: boolean;
  name: (id: string) => string;
}) {
  const threads = byTarget.get(targetKey(target)) ?? [];
  const [composing, setComposing] = useState(false);
  if (!threads.length && !canComment) return null;
  return (
    <div className="comments" data-comments-for={targetKey(target)}>
      <div className="comments-title">{title}</div>
      {threads.map((t) => (
        <ThreadView key={t.root.id} thread={t} documentId={documentId} canComment={canComment} canResolve={canResolve} />
      ))}
      {canComment &&
        (composing ? (
          <CommentForm
            documentId={documentId}
            op={(text) => ({ type: 'comment', blockId: target.blockId, altId: target.altId, text })}
            label="Your comment"
            onDone={() => setComposing(false)}
          />
        ) : (
          <button type="button" className="link" data-comment-add onClick={() => setComposing(true)}>
            Add a comment
          </button>
        ))}
    </div>
  );
}

function ThreadView({ thread, documentId, canComment, canResolve }: { thread: Thread; documentId: string; canComment: boolean; canResolve: boolean }) {
  const [replying, setReplying] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const resolved = thread.root.resolved;
  const toggle = async () => {
    setError(null);
    try {
      await postCommentOperation(documentId, { type: resolved ? 'reopen-comment' : 'resolve-comment', commentId: thread.root.id });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <div className={resolved ? 'thread resolved' : 'thread'} data-thread={thread.root.id} data-resolved={resolved ? 'yes' : 'no'}>
      {[thread.root, ...thread.replies].map((c) => (
        <div key={c.id} className={c.parentId ? 'comment reply' : 'comment'} data-comment={c.id}>
          <div className="comment-meta">
            <span className="comment-author" data-comment-author>
              {authorLine(c)}
            </span>{' '}
            <time dateTime={c.createdAt}>{when(c.createdAt)}</time>
          </div>
          <div className="comment-text" data-comment-text>
            {c.text}
          </div>
        </div>
      ))}
      {resolved && (
        <p className="muted resolved-note" data-resolved-note>
          Resolved by {resolved.byName}, {when(resolved.at)}.
        </p>
      )}
      <div className="thread-actions">
        {canComment && !resolved && !replying && (
          <button type="button" className="link" data-comment-reply onClick={() => setReplying(true)}>
            Reply
          </button>
        )}
        {canResolve && (
          <button type="button" className="link" data-comment-resolve={resolved ? 'reopen' : 'resolve'} onClick={toggle}>
            {resolved ? 'Reopen' : 'Resolve'}
          </button>
        )}
      </div>
      {replying && (
        <CommentForm
          documentId={documentId}
          op={(text) => ({ type: 'reply', commentId: thread.root.id, text })}
          label="Your reply"
          onDone={() => setReplying(false)}
        />
      )}
      {error && (
        <p className="result error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function CommentForm({
  documentId,
  op,
  label,
  onDone,
}: {
  documentId: string;
  op: (text: string) => CommentOperation;
  label: string;
  onDone: () => void;
}) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      await postCommentOperation(documentId, op(text));
      setText('');
      onDone();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="comment-form"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <label>
        {label}
        <textarea value={text} rows={2} onChange={(e) => setText(e.target.value)} data-comment-text-input autoFocus />
      </label>
      <button type="submit" disabled={busy || !text.trim()} data-comment-send>
        Send
      </button>{' '}
      <button type="button" className="link" onClick={onDone}>
        Cancel
      </button>
      {error && (
        <p className="result error" role="alert">
          Refused: {error}
        </p>
      )}
    </form>
  );
}

/** The colours of the delegations: those with proposals or positions in the text first (again only when the groups or the delegations change). */
const Legend = memo(LegendView, (a, b) => a.delegations === b.delegations && a.groups === b.groups);

function LegendView({ delegations, short, groups }: { delegations: { id: string; name: string }[]; short: (id: string) => string; groups: ListedGroup[] }) {
  const active = new Set(delegations.filter((d) => groups.some((g) => involves(g, d.id))).map((d) => d.id));
  const ordered = [...delegations].sort((a, b) => Number(active.has(b.id)) - Number(active.has(a.id)));
  return (
    <details className="legend" data-legend>
      <summary>Colours of the delegations</summary>
      <ul>
        {ordered.map((d) => (
          <li key={d.id} className={active.has(d.id) ? undefined : 'muted'}>
            <span className="delegation-tag" style={{ background: colorFor(d.id) }} aria-hidden="true">
              {short(d.id)}
            </span>{' '}
            {d.name}
          </li>
        ))}
      </ul>
      <p className="muted">After each alternative: who proposed it, then +supporters −objectors (names on hover).</p>
    </details>
  );
}
