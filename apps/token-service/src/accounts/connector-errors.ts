import { isConnectorError, isUnsupportedOperation, PlatformNotConfiguredError } from "@postd/connectors";
import { AppError } from "@postd/service-kit";
import { scrubString } from "@postd/telemetry";

/**
 * A connector failure as it crosses an RPC: the platform refusing the grant → UNPROCESSABLE (reconnect), limits →
 * RATE_LIMITED with the wait, platform faults → PLATFORM_ERROR, a platform not configured → UNAVAILABLE. The
 * platform's message is scrubbed of anything secret-looking and cut short. Anything else is rethrown.
 */
export function toAppError(error: unknown, what: string): unknown {
  if (error instanceof PlatformNotConfiguredError)
    return new AppError("UNAVAILABLE", error.message, { cause: error });
  if (isUnsupportedOperation(error)) return new AppError("UNPROCESSABLE", error.message, { cause: error });
  if (!isConnectorError(error)) return error;
  const detail = `${what}: ${error.platform} answered ${error.kind} (${error.platformCode}): ${scrubString(error.message).slice(0, 300)}`;
  switch (error.kind) {
    case "auth_revoked":
    case "auth_expired":
    case "permission_denied":
    case "invalid_request":
      return new AppError("UNPROCESSABLE", detail, { cause: error });
    case "rate_limited":
    case "quota_exceeded":
      return new AppError("RATE_LIMITED", detail, {
        cause: error,
        retryAfterSeconds: Math.max(1, Math.ceil((error.retryAfterMs ?? 1_000) / 1_000)),
      });
    default:
      return new AppError("PLATFORM_ERROR", detail, { cause: error });
  }
}
