// WebSocket close codes the sync endpoint uses. 4400-4499 tell the stock y-websocket provider that
// reconnecting cannot help (it stops); anything else makes it reconnect and resync.
export const CloseCode = {
  /** Room unloaded (server going away): reconnect later. */
  goingAway: 1001,
  /** Frame larger than maxMessageBytes: ws refuses it before buffering and closes with 1009, no reason. */
  tooBig: 1009,
  /** The room could not persist an update: reconnect, resync, resend. */
  internalError: 1011,
  /** SIGTERM: the server saved every room and is stopping (to restart): reconnect. RFC 6455 "Service Restart". */
  restarting: 1012,
  /** The client does not read what it is sent (unsent output over maxBufferedBytes): reconnect, resync. */
  tryAgainLater: 1013,
  /** Garbage, truncated, unknown-type frame or an invalid Yjs update. */
  malformed: 4400,
  /** Missing, malformed, unknown, revoked or expired credentials; also sent when access is revoked mid-session. */
  unauthenticated: 4401,
  /**
   * authorizeUpdate() refused an update, or validate.ts found it would poison the document (missing
   * dependencies, content the schema cannot hold), or the document belongs to another negotiation.
   * Refused updates are preceded by a y-protocols permission-denied message with the same reason.
   */
  forbidden: 4403,
  /** No document with this id. */
  notFound: 4404,
  /**
   * Over a per-connection message budget (flooding). In the 4500-4599 "try again later" range, so
   * the stock provider backs off and reconnects: a person who somehow hit the limit gets back in.
   */
  tooManyMessages: 4529,
} as const;

/** Close reason when the store cannot write: the client keeps its edits and resends them on reconnecting. */
export const STORAGE_UNAVAILABLE_REASON = 'server cannot save changes now (storage full or read-only); not saved, will resend';
