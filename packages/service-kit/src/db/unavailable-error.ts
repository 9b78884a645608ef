/** Node socket errors meaning "the database is not there right now". */
const unavailableSocketCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EPIPE",
]);

/** postgres.js's own codes for a connection that failed or went away. */
const unavailableClientCodes = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
]);

/**
 * Whether an error means the database cannot be reached or refuses work for now (so a caller answers UNAVAILABLE
 * 503 and may retry) rather than a fault in the query: refused/reset/closed connections, connection timeouts,
 * SQLSTATE class 08 (connection exception), 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now
 * and 53300 too many connections. Looks through `cause` chains, since drizzle wraps driver errors.
 */
export function isUnavailableDatabaseError(error: unknown): boolean {
  for (let current = error, depth = 0; depth < 5 && isObject(current); depth++) {
    const code = current.code;
    if (typeof code === "string" && isUnavailableCode(code)) return true;
    current = current.cause;
  }
  return false;
}

function isUnavailableCode(code: string): boolean {
  return (
    unavailableSocketCodes.has(code) ||
    unavailableClientCodes.has(code) ||
    /^08[0-9A-Z]{3}$/.test(code) ||
    code === "57P01" ||
    code === "57P02" ||
    code === "57P03" ||
    code === "53300"
  );
}

function isObject(value: unknown): value is { code?: unknown; cause?: unknown } {
  return typeof value === "object" && value !== null;
}
