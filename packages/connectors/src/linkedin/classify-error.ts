import type { ConnectorErrorKind } from "@postd/contracts";
import { z } from "zod";
import { ConnectorError, type HttpResponse, parseRetryAfter } from "../core/index";

/** LinkedIn's REST error body: `{status, serviceErrorCode, code?, message}`. */
const RestErrorBody = z.looseObject({
  status: z.number().optional(),
  serviceErrorCode: z.number().optional(),
  code: z.string().optional(),
  message: z.string().optional(),
});

/** The OAuth endpoints' error body: `{error, error_description}`. */
const OAuthErrorBody = z.looseObject({
  error: z.string(),
  error_description: z.string().optional(),
});

export interface ClassifyContext {
  operation: string;
  /** the clock's now, for the wait until LinkedIn's daily reset */
  now: number;
}

const versionAdvice =
  "set LINKEDIN_API_VERSION to a LinkedIn-Version (YYYYMM) that LinkedIn still serves (versions live about a year)";

/**
 * The one place a LinkedIn error answer becomes a ConnectorError, for the REST API and the OAuth token endpoint
 * alike. The table is in docs/linkedin.md.
 */
export function classifyLinkedInError(response: HttpResponse, context: ClassifyContext): ConnectorError {
  const oauth = OAuthErrorBody.safeParse(response.json);
  if (oauth.success) return classifyOAuthError(response, oauth.data, context);
  const parsed = RestErrorBody.safeParse(response.json);
  const body = parsed.success ? parsed.data : {};
  const status = response.status;
  const platformCode =
    [body.code, body.serviceErrorCode].filter((part) => part !== undefined).join("/") || `HTTP_${status}`;
  const message = `${context.operation}: ${body.message ?? (response.text.slice(0, 200) || `HTTP ${status}`)}`;
  const make = (kind: ConnectorErrorKind, extra: { message?: string; retryAfterMs?: number } = {}) =>
    new ConnectorError({
      kind,
      platform: "linkedin",
      platformCode,
      message: extra.message ?? message,
      httpStatus: status,
      ...(extra.retryAfterMs === undefined ? {} : { retryAfterMs: extra.retryAfterMs }),
    });

  if (status === 401) return make(unauthorizedKind(body.serviceErrorCode, body.code));
  if (status === 403) return make("permission_denied");
  if (status === 426 || body.code === "NONEXISTENT_VERSION" || body.code === "VERSION_MISSING") {
    return make("invalid_request", { message: `${message} — ${versionAdvice}` });
  }
  if (status === 429) {
    const retryAfterMs =
      parseRetryAfter(response.headers.get("retry-after"), context.now) ?? untilNextUtcMidnight(context.now);
    return make("rate_limited", { retryAfterMs });
  }
  if (status >= 500) return make("transient");
  if (status >= 400) return make("invalid_request");
  return make("transient", { message: `${context.operation}: unexpected HTTP ${status}` });
}

/**
 * 65602 (expired) → auth_expired: a refresh fixes it. 65601 (revoked) → auth_revoked. 65600 (invalid token) →
 * auth_expired as well: one forced refresh settles it, because a refresh on a dead grant answers invalid_grant,
 * which is auth_revoked. Any other 401 (65604 empty token, …) → auth_revoked.
 */
function unauthorizedKind(
  serviceErrorCode: number | undefined,
  code: string | undefined,
): ConnectorErrorKind {
  if (serviceErrorCode === 65602 || code === "EXPIRED_ACCESS_TOKEN") return "auth_expired";
  if (serviceErrorCode === 65601 || code === "REVOKED_ACCESS_TOKEN") return "auth_revoked";
  if (serviceErrorCode === 65600 || code === "INVALID_ACCESS_TOKEN") return "auth_expired";
  return "auth_revoked";
}

/**
 * Token endpoint: `invalid_grant`, `invalid_request` (a used, expired or mismatched code or refresh token) and the
 * rest → auth_revoked: the member must consent again. `invalid_client`/`unauthorized_client` are our
 * configuration (client id or secret), which re-consent cannot fix → invalid_request.
 */
function classifyOAuthError(
  response: HttpResponse,
  body: z.infer<typeof OAuthErrorBody>,
  context: ClassifyContext,
): ConnectorError {
  const status = response.status;
  let kind: ConnectorErrorKind = "auth_revoked";
  if (status === 429) kind = "rate_limited";
  else if (status >= 500) kind = "transient";
  else if (body.error === "invalid_client" || body.error === "unauthorized_client") kind = "invalid_request";
  const retryAfterMs =
    kind === "rate_limited"
      ? (parseRetryAfter(response.headers.get("retry-after"), context.now) ??
        untilNextUtcMidnight(context.now))
      : undefined;
  return new ConnectorError({
    kind,
    platform: "linkedin",
    platformCode: body.error,
    message: `${context.operation}: ${body.error_description ?? body.error}`,
    httpStatus: status,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

/** LinkedIn's daily limits reset at 00:00 UTC. */
export function untilNextUtcMidnight(now: number): number {
  const date = new Date(now);
  const midnight = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1);
  return midnight - now;
}
