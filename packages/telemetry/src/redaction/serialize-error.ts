/**
 * An Error as a plain object a log line can carry: type, message, stack, its own fields (`code`, `status`, a
 * client's `config`…), its `cause` and an AggregateError's `errors`. Nested errors stay Error instances here;
 * `redactValue` serializes them in turn, so a cause chain of any length is kept whole, and redacted whole.
 */
export function serializeError(error: Error): Record<string, unknown> {
  const serialized: Record<string, unknown> = {
    type: error.constructor?.name || error.name,
    message: error.message,
    stack: error.stack,
  };
  const fields: Record<string, unknown> = { ...error };
  for (const [key, value] of Object.entries(fields)) {
    if (!(key in serialized)) serialized[key] = value;
  }
  if (error.cause !== undefined) serialized.cause = error.cause;
  if (error instanceof AggregateError) serialized.errors = error.errors;
  return serialized;
}
