import { isConnectorError } from "@postd/connectors";
import type { ConnectorErrorKind, HealthOutcome } from "@postd/contracts";
import { ConnectorErrorKind as ErrorKinds } from "@postd/contracts";
import { scrubString } from "@postd/telemetry";

/** What one check concluded: the outcome the event carries, the taxonomy kind when the platform refused. */
export interface CheckOutcome {
  outcome: HealthOutcome;
  errorKind: ConnectorErrorKind | null;
  detail: string;
}

/** The grant itself is refused: a person must reconnect. Anything else is "could not tell now". */
const refusedKinds: ReadonlySet<ConnectorErrorKind> = new Set([
  "auth_revoked",
  "auth_expired",
  "permission_denied",
]);

/** A connector's `healthCheck` answer. Some connectors report refusals as `kind (code): message` in the detail. */
export function outcomeOfResult(result: { healthy: boolean; detail: string }): CheckOutcome {
  if (result.healthy) return { outcome: "healthy", errorKind: null, detail: scrubString(result.detail) };
  return { outcome: "unhealthy", errorKind: kindNamedIn(result.detail), detail: scrubString(result.detail) };
}

/** A connector that threw: refused grants are unhealthy, outages and rate limits are errors (try later). */
export function outcomeOfError(error: unknown): CheckOutcome {
  if (isConnectorError(error)) {
    const detail = scrubString(`${error.kind} (${error.platformCode}): ${error.message}`);
    const outcome = refusedKinds.has(error.kind) ? "unhealthy" : "error";
    return { outcome, errorKind: error.kind, detail };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    outcome: "error",
    errorKind: null,
    detail: scrubString(`the check failed: ${message}`).slice(0, 500),
  };
}

function kindNamedIn(detail: string): ConnectorErrorKind | null {
  const first = /^([a-z_]+) \(/.exec(detail)?.[1];
  const parsed = ErrorKinds.safeParse(first);
  return parsed.success ? parsed.data : null;
}
