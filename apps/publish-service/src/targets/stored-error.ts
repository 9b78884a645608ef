import { isConnectorError, isUnsupportedOperation, PlatformNotConfiguredError } from "@postd/connectors";
import { isAppError } from "@postd/service-kit";
import { scrubString } from "@postd/telemetry";
import type { StoredError } from "../db/schema";

const maxMessageLength = 1_000;

/** What a failure looks like to the person reading the target or the dead letter: never a token, never long. */
export function storedErrorOf(error: unknown): StoredError {
  if (isConnectorError(error)) {
    return { kind: error.kind, code: error.platformCode, message: clean(error.message) };
  }
  if (isAppError(error)) {
    return { kind: null, code: `token_service_${error.code.toLowerCase()}`, message: clean(error.message) };
  }
  if (isUnsupportedOperation(error))
    return { kind: null, code: "unsupported", message: clean(error.message) };
  if (error instanceof PlatformNotConfiguredError) {
    return { kind: null, code: "platform_not_configured", message: clean(error.message) };
  }
  return {
    kind: null,
    code: "internal",
    message: "publish-service failed to handle the attempt (see its logs)",
  };
}

function clean(message: string): string {
  return scrubString(message).slice(0, maxMessageLength);
}
