import type { Service } from "@nats-io/services";
import type { ErrorBody } from "@postd/contracts";

/** What each endpoint reports in the `data` field of `$SRV.STATS` (the library only times the synchronous part). */
export interface EndpointData {
  /** requests whose handler has finished */
  completed: number;
  errors: number;
  /** mean handler time in milliseconds, validation included */
  averageMs: number;
  lastErrorCode: string | null;
}

export interface EndpointStats {
  record(subject: string, outcome: { error: ErrorBody | null; durationMs: number }): void;
  data(subject: string): EndpointData | null;
}

export function createEndpointStats(service: Service): EndpointStats {
  const bySubject = new Map<
    string,
    { completed: number; errors: number; totalMs: number; lastErrorCode: string | null }
  >();
  return {
    record(subject, { error, durationMs }) {
      const entry = bySubject.get(subject) ?? { completed: 0, errors: 0, totalMs: 0, lastErrorCode: null };
      entry.completed += 1;
      entry.totalMs += durationMs;
      if (error) {
        entry.errors += 1;
        entry.lastErrorCode = error.code;
        countLibraryError(service, subject, `${error.code}: ${error.detail}`);
      }
      bySubject.set(subject, entry);
    },
    data(subject) {
      const entry = bySubject.get(subject);
      if (!entry) return null;
      const averageMs = entry.completed === 0 ? 0 : entry.totalMs / entry.completed;
      return {
        completed: entry.completed,
        errors: entry.errors,
        averageMs,
        lastErrorCode: entry.lastErrorCode,
      };
    },
  };
}

interface ErrorCounter {
  subject: string;
  stats: { countError(error: Error): void };
}

/**
 * `@nats-io/services` (JS) counts `num_errors` only when a handler throws synchronously, which an async handler
 * never does; the Go library counts every error reply. This reaches the endpoint's counter so `$SRV.STATS` shows
 * failures like any other NATS service. If a library upgrade changes the shape it does nothing (and the rpc
 * discovery test fails, which is the signal to revisit).
 */
function countLibraryError(service: Service, subject: string, message: string): void {
  const handlers: unknown = Reflect.get(service, "handlers");
  if (!Array.isArray(handlers)) return;
  const endpoint: unknown = handlers.find(
    (handler: unknown) => isErrorCounter(handler) && handler.subject === subject,
  );
  if (isErrorCounter(endpoint)) endpoint.stats.countError(new Error(message));
}

function isErrorCounter(value: unknown): value is ErrorCounter {
  if (typeof value !== "object" || value === null) return false;
  const stats: unknown = Reflect.get(value, "stats");
  return (
    typeof Reflect.get(value, "subject") === "string" &&
    typeof stats === "object" &&
    stats !== null &&
    typeof Reflect.get(stats, "countError") === "function"
  );
}
