// The room's comments, read live from the Y.Doc (shared/src/comments/comments.ts). This browser only
// reads the comments map: it is written by the server through named operations (postCommentOperation),
// and the change comes back through sync like any other, so a comment shows once the server has it.
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { COMMENTS_FIELD } from '../../../shared/src/collab/ydoc.ts';
import { readStoredComment, threadsOf, type StoredComment, type Thread } from '../../../shared/src/comments/comments.ts';

function readThreads(ydoc: Y.Doc): Thread[] {
  const list: StoredComment[] = [];
  ydoc.getMap(COMMENTS_FIELD).forEach((value) => {
    const c = readStoredComment(value);
    if (c) list.push(c);
  });
  return threadsOf(list);
}

export function useCommentThreads(ydoc: Y.Doc): Thread[] {
  const [threads, setThreads] = useState<Thread[]>(() => readThreads(ydoc));
  useEffect(() => {
    const map = ydoc.getMap(COMMENTS_FIELD);
    const update = () => setThreads(readThreads(ydoc));
    map.observe(update);
    update();
    return () => map.unobserve(update);
  }, [ydoc]);
  return threads;
}
