import { hostname } from "node:os";
import { type DestinationStream, type LevelWithSilent, type LogFn, type Logger, pino } from "pino";
import { build as createPrettyStream } from "pino-pretty";
import { redactValue } from "../redaction/redact-value";
import { scrubString } from "../redaction/scrub-string";
import { REDACTED } from "../redaction/sensitive-keys";
import { serializeHttpFields, serializeRequest, serializeResponse } from "./http-serializers";
import { traceFields } from "./trace-fields";

export type { DestinationStream, LevelWithSilent, Logger } from "pino";

export interface CreateLoggerOptions {
  /** The service name, on every line as `service`. */
  service: string;
  /** Minimum level; services pass `LOG_LEVEL`. Default `info`. */
  level?: LevelWithSilent;
  /** Human-readable lines (pino-pretty) instead of JSON; services pass `process.stdout.isTTY`. */
  pretty?: boolean;
  /** Where lines go; default stdout. Tests pass a stream that collects lines. */
  destination?: DestinationStream;
  /** Extra fields on every line (e.g. `{ instanceId }`); redacted like everything else. */
  base?: Record<string, unknown>;
}

/**
 * Header paths that serializers added by callers (child loggers with their own `serializers`) may emit after
 * our deep walk has run; pino's own redaction covers those fixed paths as a second line.
 */
const HEADER_PATHS = ["authorization", "cookie", "set-cookie", "proxy-authorization", "x-api-key"].flatMap(
  (header) => [`req.headers["${header}"]`, `res.headers["${header}"]`, `headers["${header}"]`],
);

/**
 * The one way services create a logger. Redaction happens in three places, all configured here:
 * 1. every logged object, child binding, `err` and interpolation argument (`log.info("%o", x)`) goes through
 *    `redactValue` (sensitive keys at any depth, secrets in strings, Errors and their causes);
 * 2. pino `redact` censors header paths emitted by serializers added later;
 * 3. the finished line goes through `scrubString`, which catches secrets in the message and in anything a
 *    serializer produced (URL parameters, bearer credentials, JSON pairs).
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const destination = options.pretty ? prettyStream(options.destination) : options.destination;
  const config = {
    level: options.level ?? "info",
    base: { service: options.service, pid: process.pid, hostname: hostname(), ...options.base },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: HEADER_PATHS, censor: REDACTED },
    // `err` replaces pino's default serializer, which would re-serialize our already plain error objects.
    serializers: { err: redactValue, req: serializeRequest, res: serializeResponse },
    formatters: {
      level: (label: string) => ({ level: label }),
      bindings: (bindings: Record<string, unknown>) => redactValue(bindings),
      log: (object: Record<string, unknown>) => redactValue(serializeHttpFields(object)),
    },
    hooks: { logMethod: redactArguments, streamWrite: scrubString },
    mixin: traceFields,
  };
  return destination === undefined ? pino(config) : pino(config, destination);
}

/** Interpolation arguments end up inside the message, past the formatters: redact them on the way in. */
function redactArguments(this: Logger, args: Parameters<LogFn>, method: LogFn): void {
  const redacted = args.map((arg, index) =>
    index === 0 && typeof arg === "object" ? arg : redactValue(arg),
  );
  method.apply(this, redacted as Parameters<LogFn>);
}

function prettyStream(destination: DestinationStream | undefined): DestinationStream {
  return createPrettyStream({
    ignore: "pid,hostname",
    translateTime: "SYS:HH:MM:ss.l",
    ...(destination === undefined ? {} : { destination, colorize: false }),
  });
}
