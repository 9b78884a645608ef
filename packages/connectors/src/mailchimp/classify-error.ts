import type { ConnectorErrorKind } from "@postd/contracts";
import { z } from "zod";
import { ConnectorError, type HttpResponse, parseRetryAfter } from "../core/index";
import { rateLimitBackoffMs } from "./config";

/** The Marketing API's problem+json body; validation failures add `errors[]`. */
const ProblemBody = z.looseObject({
  title: z.string().optional(),
  status: z.number().optional(),
  detail: z.string().optional(),
  errors: z.array(z.looseObject({ field: z.string().optional(), message: z.string().optional() })).optional(),
});

/** login.mailchimp.com's OAuth answers: the token endpoint, and the metadata endpoint's 200 `invalid_token`. */
const OAuthErrorBody = z.looseObject({ error: z.string(), error_description: z.string().optional() });

const kindByOAuthError: Record<string, ConnectorErrorKind> = {
  invalid_token: "auth_revoked",
  invalid_grant: "auth_revoked",
  access_denied: "auth_revoked",
  invalid_client: "invalid_request",
  unauthorized_client: "invalid_request",
  unsupported_grant_type: "invalid_request",
  invalid_request: "invalid_request",
};

export interface ClassifyContext {
  /** the call, for the message: "publish.create_campaign" */
  operation: string;
  now: number;
}

/** True when a body (of any status) is an OAuth error, e.g. metadata's 200 `{"error":"invalid_token"}`. */
export function isOAuthError(body: unknown): boolean {
  return OAuthErrorBody.safeParse(body).success;
}

/**
 * THE Mailchimp classifier: every refused answer (problem+json from the API, an OAuth error from the login
 * host, or a bare HTTP failure) becomes one taxonomy kind, keeping Mailchimp's title (its only "code") and
 * detail, and every `errors[]` field message. The table is in docs/mailchimp.md.
 */
export function classifyMailchimpError(
  response: Pick<HttpResponse, "status" | "headers" | "json" | "text">,
  context: ClassifyContext,
): ConnectorError {
  const oauth = OAuthErrorBody.safeParse(response.json);
  if (oauth.success) {
    const kind = kindByOAuthError[oauth.data.error] ?? kindByStatus(response.status, true);
    return build(response, context, {
      kind,
      platformCode: oauth.data.error,
      detail: oauth.data.error_description ?? oauth.data.error,
    });
  }
  const parsed = ProblemBody.safeParse(response.json);
  const problem = parsed.success && response.json !== undefined ? parsed.data : null;
  const fields = (problem?.errors ?? [])
    .map((e) => [e.field, e.message].filter((part) => part).join(": "))
    .filter((text) => text.length > 0);
  const detail = [problem?.detail ?? problem?.title ?? bareDetail(response), ...fields].join("; ");
  return build(response, context, {
    kind: kindByStatus(response.status, problem !== null),
    platformCode: problem?.title ?? `http_${response.status}`,
    detail: problem?.title && problem.detail ? `${problem.title}: ${detail}` : detail,
  });
}

function build(
  response: Pick<HttpResponse, "status" | "headers">,
  context: ClassifyContext,
  failure: { kind: ConnectorErrorKind; platformCode: string; detail: string },
): ConnectorError {
  const retryAfterMs =
    failure.kind === "rate_limited"
      ? (parseRetryAfter(response.headers.get("retry-after"), context.now) ?? rateLimitBackoffMs)
      : undefined;
  return new ConnectorError({
    kind: failure.kind,
    platform: "mailchimp",
    platformCode: failure.platformCode,
    message: `${context.operation}: ${failure.detail}`,
    httpStatus: response.status,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

/**
 * 401 → auth_revoked: tokens never expire and cannot be refreshed, so a refused token means the grant is gone
 * (or the wrong data center, which reconnecting also fixes). 403 with a problem body → permission_denied; a bare
 * 403 without JSON is how throttling shows at very high volume → rate_limited.
 */
function kindByStatus(status: number, hasBody: boolean): ConnectorErrorKind {
  if (status === 401) return "auth_revoked";
  if (status === 403) return hasBody ? "permission_denied" : "rate_limited";
  if (status === 408) return "transient";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "transient";
  if (status >= 400) return "invalid_request";
  // a 2xx/3xx that is not the answer we expect: a proxy or the platform garbled it
  return "transient";
}

function bareDetail(response: Pick<HttpResponse, "status" | "text">): string {
  const text = response.text
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 200);
  return text ? `HTTP ${response.status} (${text})` : `HTTP ${response.status}`;
}
