import type { DiagLogger } from "@opentelemetry/api";
import type { Logger } from "pino";

/** Routes the OpenTelemetry SDK's own warnings (a failed export, a bad instrument) to a pino logger. */
export function createDiagLogger(logger: Logger): DiagLogger {
  const log = logger.child({ component: "opentelemetry" });
  return {
    error: (message, ...args) => log.error({ args }, message),
    warn: (message, ...args) => log.warn({ args }, message),
    info: (message, ...args) => log.info({ args }, message),
    debug: (message, ...args) => log.debug({ args }, message),
    verbose: (message, ...args) => log.trace({ args }, message),
  };
}
