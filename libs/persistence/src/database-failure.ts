/**
 * What a failed write means for the tracker: `connection` failures (the server is away, restarting, out of
 * connections or disk, or rolled the transaction back under contention) go away by themselves, so the same
 * write is retried with backoff; every other failure is about the data being written (SQLSTATE classes 22
 * and 23, a program limit, or a bug tripped by one odd message) and retrying it would fail forever, so the
 * tracker isolates the message at fault instead.
 */
export type DatabaseFailureKind = 'connection' | 'data';

// 08 connection exception, 40 transaction rollback (deadlock, serialization), 53 insufficient resources,
// 57 operator intervention (shutdown, cancel, statement timeout), 58 system error, XX internal error.
const TRANSIENT_SQLSTATE_CLASSES = new Set(['08', '40', '53', '57', '58', 'XX']);
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// node-postgres and pg-pool say these in words, without a code.
const CONNECTION_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection error/i,
  /not queryable/i,
  /cannot use a pool after calling end/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

interface ErrorShape {
  code?: unknown;
  constraint?: unknown;
  message?: unknown;
  /** The server function that raised it (node-postgres' `routine`): never translated, unlike the message. */
  routine?: unknown;
  driverError?: ErrorShape;
}

function shapeOf(error: unknown): ErrorShape {
  return error !== null && typeof error === 'object' ? (error as ErrorShape) : {};
}

/** The SQLSTATE of a PostgreSQL error (through TypeORM's wrapper or not), or null when it has none. */
export function sqlStateOf(error: unknown): string | null {
  const shape = shapeOf(error);
  const code = shape.driverError?.code ?? shape.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

/**
 * PostgreSQL's refusal to run a prepared statement whose result columns changed since it was prepared (a
 * migration while the service ran). Raised once per statement and connection: prepareStatementsOn prepares it
 * anew, so running it again succeeds. Known by the routine that raises it, whose one 0A000 this is, because a
 * server with `lc_messages` in another language words the message differently; by the English message when an
 * error carries no routine.
 */
export function isStalePreparedStatement(error: unknown): boolean {
  if (sqlStateOf(error) !== '0A000') return false;
  const shape = shapeOf(error);
  if ((shape.driverError?.routine ?? shape.routine) === 'RevalidateCachedQuery') return true;
  const message = shape.driverError?.message ?? shape.message;
  return typeof message === 'string' && message.includes('cached plan must not change result type');
}

export function classifyDatabaseFailure(error: unknown): DatabaseFailureKind {
  // Class 0A, but about the connection's prepared statement, not the data: it is prepared anew for the retry.
  if (isStalePreparedStatement(error)) return 'connection';
  const state = sqlStateOf(error);
  if (state !== null) return TRANSIENT_SQLSTATE_CLASSES.has(state.slice(0, 2)) ? 'connection' : 'data';
  const shape = shapeOf(error);
  const code = shape.driverError?.code ?? shape.code;
  if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return 'connection';
  const message = String(shape.driverError?.message ?? shape.message ?? error);
  return CONNECTION_MESSAGES.some((pattern) => pattern.test(message)) ? 'connection' : 'data';
}

/**
 * One bounded line about a failure: SQLSTATE, constraint and the server's message, never the statement's
 * parameters (a chunk's parameters are the whole chunk: kilobytes per line, and station data in the logs).
 */
export function describeDatabaseFailure(error: unknown, maxLength = 300): string {
  const shape = shapeOf(error);
  const state = sqlStateOf(error);
  const constraint = shape.driverError?.constraint ?? shape.constraint;
  const message = String(shape.driverError?.message ?? shape.message ?? error);
  const text = [state, typeof constraint === 'string' ? `(${constraint})` : null, message]
    .filter((part) => part !== null)
    .join(' ');
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}
