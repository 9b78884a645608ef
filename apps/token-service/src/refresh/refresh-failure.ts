import { isConnectorError } from "@postd/connectors";
import type { ConnectorErrorKind } from "@postd/contracts";

/** What a failed refresh means for the connection. */
export type RefreshFailureEffect =
  /** the grant is gone (invalid_grant, revoked, expired beyond renewal, permissions removed): reconnect */
  | "needs_reauth"
  /** a platform or network hiccup: keep the status (while the token is valid), retry with backoff */
  | "retry"
  /** the platform refused the request itself (our configuration): status error, retried only by the reconciler */
  | "error";

export interface RefreshFailure {
  effect: RefreshFailureEffect;
  kind: ConnectorErrorKind | "internal";
  /** `<kind>:<platform code>`, stored as last_refresh_error and used as the status reason; never a message */
  code: string;
  retryAfterMs: number | undefined;
}

const effectByKind: Record<ConnectorErrorKind, RefreshFailureEffect> = {
  auth_revoked: "needs_reauth",
  auth_expired: "needs_reauth",
  permission_denied: "needs_reauth",
  invalid_request: "error",
  rate_limited: "retry",
  transient: "retry",
  quota_exceeded: "retry",
  // The request may have reached the platform. Sending the same refresh token again either succeeds (it was not
  // spent) or, for a rotating platform that did spend it, ends the grant — which losing the answer did already.
  unknown_outcome: "retry",
};

export function classifyRefreshFailure(error: unknown): RefreshFailure {
  if (isConnectorError(error)) {
    const code = `${error.kind}:${error.platformCode}`.slice(0, 200);
    return { effect: effectByKind[error.kind], kind: error.kind, code, retryAfterMs: error.retryAfterMs };
  }
  return { effect: "retry", kind: "internal", code: "internal:unexpected", retryAfterMs: undefined };
}

/** Parses a stored `last_refresh_error` back (for callers that only saw another process's attempt end). */
export function failureFromStored(code: string | null): RefreshFailure {
  const kind = (code?.split(":")[0] ?? "internal") as RefreshFailure["kind"];
  const effect = kind === "internal" ? "retry" : (effectByKind[kind] ?? "retry");
  return { effect, kind, code: code ?? "internal:unknown", retryAfterMs: undefined };
}
