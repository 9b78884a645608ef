import type { ConnectorErrorKind } from "@postd/contracts";
import { z } from "zod";
import { ConnectorError, type HttpResponse, parseRetryAfter } from "../core/index";
import { rateLimitWindowMs } from "./config";

/** One entry of `error.details`: ErrorInfo (`reason`, `metadata`), RetryInfo (`retryDelay`), BadRequest, … */
const ErrorDetail = z.looseObject({
  "@type": z.string().optional(),
  reason: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  retryDelay: z.string().optional(),
  fieldViolations: z
    .array(z.looseObject({ field: z.string().optional(), description: z.string().optional() }))
    .optional(),
});

/** The standard Google API error: `{error:{code, message, status, details}}`. */
const GoogleErrorBody = z.object({
  error: z.looseObject({
    code: z.number().optional(),
    message: z.string().optional(),
    status: z.string().optional(),
    details: z.array(z.unknown()).optional(),
  }),
});

/** The OAuth endpoints (token, revoke, userinfo): `{error, error_description}`. */
const OAuthErrorBody = z.looseObject({ error: z.string(), error_description: z.string().optional() });

export interface ClassifyContext {
  /** the call, for the message: "publish.create_local_post" */
  operation: string;
  now: number;
}

const kindByStatus: Record<string, ConnectorErrorKind> = {
  UNAUTHENTICATED: "auth_expired",
  PERMISSION_DENIED: "permission_denied",
  RESOURCE_EXHAUSTED: "rate_limited",
  INVALID_ARGUMENT: "invalid_request",
  FAILED_PRECONDITION: "invalid_request",
  OUT_OF_RANGE: "invalid_request",
  NOT_FOUND: "invalid_request",
  ALREADY_EXISTS: "invalid_request",
  UNIMPLEMENTED: "invalid_request",
  ABORTED: "transient",
  CANCELLED: "transient",
  INTERNAL: "transient",
  UNAVAILABLE: "transient",
  DEADLINE_EXCEEDED: "transient",
  UNKNOWN: "transient",
};

const accessAdvice =
  "API access not approved or the API not enabled for this Google Cloud project (Business Profile APIs need an approved 'Application for Basic API Access'), or the user does not manage this location";

/**
 * THE Google Business Profile classifier: every failed answer of the Business Profile APIs, the token, revoke
 * and userinfo endpoints becomes one taxonomy kind, keeping Google's status (and ErrorInfo reason) and message.
 * The table is in docs/gbp.md.
 */
export function classifyGbpError(response: HttpResponse, context: ClassifyContext): ConnectorError {
  const google = GoogleErrorBody.safeParse(response.json);
  if (google.success) return classifyGoogleError(response, google.data.error, context);
  const oauth = OAuthErrorBody.safeParse(response.json);
  if (oauth.success) return classifyOAuthError(response, oauth.data, context);
  const status = response.status;
  return new ConnectorError({
    kind: kindOfHttpStatus(status),
    platform: "gbp",
    platformCode: `HTTP_${status}`,
    message: `${context.operation}: HTTP ${status}${response.text ? ` ${response.text.slice(0, 200)}` : ""}`,
    httpStatus: status,
    ...(status === 429 ? { retryAfterMs: headerRetryAfter(response, context.now) ?? rateLimitWindowMs } : {}),
  });
}

function classifyGoogleError(
  response: HttpResponse,
  error: z.infer<typeof GoogleErrorBody>["error"],
  context: ClassifyContext,
): ConnectorError {
  const httpStatus = response.status;
  const details = (error.details ?? []).flatMap((d) => {
    const parsed = ErrorDetail.safeParse(d);
    return parsed.success ? [parsed.data] : [];
  });
  const info = details.find((d) => d["@type"]?.endsWith("google.rpc.ErrorInfo") || d.reason !== undefined);
  const statusName = error.status ?? `HTTP_${httpStatus}`;
  const platformCode = info?.reason ? `${statusName}/${info.reason}` : statusName;
  const googleMessage = error.message ?? `HTTP ${httpStatus}`;
  const violations = details.flatMap((d) => d.fieldViolations ?? []);
  const violationText = violations.map((v) => `${v.field ?? "?"}: ${v.description ?? "invalid"}`).join("; ");
  const base = `${context.operation}: ${googleMessage}${violationText ? ` (${violationText})` : ""}`;
  const make: MakeError = (kind, extra = {}) =>
    new ConnectorError({
      kind,
      platform: "gbp",
      platformCode,
      message: extra.message ?? base,
      httpStatus,
      ...(extra.retryAfterMs === undefined ? {} : { retryAfterMs: extra.retryAfterMs }),
    });

  const kind = (error.status ? kindByStatus[error.status] : undefined) ?? kindOfHttpStatus(httpStatus);
  if (kind === "permission_denied") return make(kind, { message: `${base} — ${accessAdvice}` });
  if (kind !== "rate_limited") return make(kind);

  return classifyExhausted({ response, context, details, info, googleMessage }, make);
}

type MakeError = (
  kind: ConnectorErrorKind,
  extra?: { message?: string; retryAfterMs?: number },
) => ConnectorError;

/**
 * 429 RESOURCE_EXHAUSTED: a quota of 0 is API access not approved (permission_denied); a per-day quota is
 * quota_exceeded; the 10-edits-per-minute-per-profile limit and the 300 QPM window are rate_limited. The wait is
 * Retry-After, else RetryInfo's `retryDelay`, else one minute.
 */
function classifyExhausted(
  failure: {
    response: HttpResponse;
    context: ClassifyContext;
    details: Array<z.infer<typeof ErrorDetail>>;
    info: z.infer<typeof ErrorDetail> | undefined;
    googleMessage: string;
  },
  make: MakeError,
): ConnectorError {
  const { response, context, details, info, googleMessage } = failure;
  if (stringOf(info?.metadata?.quota_limit_value) === "0") {
    return make("permission_denied", {
      message: `${context.operation}: ${googleMessage} — API access not approved: the project's quota is 0; apply for Basic API Access`,
    });
  }
  const retryAfterMs =
    headerRetryAfter(response, context.now) ?? retryInfoDelay(details) ?? rateLimitWindowMs;
  if (/per ?day/i.test(stringOf(info?.metadata?.quota_limit) ?? "")) {
    return make("quota_exceeded", {
      message: `${context.operation}: ${googleMessage} — a daily quota is used up`,
      retryAfterMs,
    });
  }
  if (isProfileEditLimit(googleMessage, info?.reason)) {
    return make("rate_limited", {
      message: `${context.operation}: ${googleMessage} — Business Profile allows 10 edits per minute per profile; wait a minute`,
      retryAfterMs,
    });
  }
  return make("rate_limited", { retryAfterMs });
}

/**
 * `invalid_grant` is a dead grant: revoked, unused for 6 months, one of more than 100 refresh tokens, or (an app
 * in Testing status) 7 days old — Google does not say which. `invalid_client` and the other request errors are
 * our configuration. A 401 from userinfo (`invalid_request`, "Invalid Credentials") is a token problem.
 */
function classifyOAuthError(
  response: HttpResponse,
  body: z.infer<typeof OAuthErrorBody>,
  context: ClassifyContext,
): ConnectorError {
  const status = response.status;
  const description = body.error_description ?? body.error;
  let kind: ConnectorErrorKind;
  let hint = "";
  if (body.error === "invalid_grant") {
    kind = "auth_revoked";
    hint =
      " — the grant is no longer valid (revoked, unused for 6 months, or an OAuth app in Testing status, whose refresh tokens expire after 7 days); the user must connect again";
  } else if (["invalid_client", "unauthorized_client", "redirect_uri_mismatch"].includes(body.error)) {
    kind = "invalid_request";
  } else {
    kind = kindOfHttpStatus(status);
  }
  return new ConnectorError({
    kind,
    platform: "gbp",
    platformCode: body.error,
    message: `${context.operation}: ${description}${hint}`,
    httpStatus: status,
    ...(kind === "rate_limited"
      ? { retryAfterMs: headerRetryAfter(response, context.now) ?? rateLimitWindowMs }
      : {}),
  });
}

function kindOfHttpStatus(status: number): ConnectorErrorKind {
  if (status === 401) return "auth_expired";
  if (status === 403) return "permission_denied";
  if (status === 408 || status === 409) return "transient";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "transient";
  if (status >= 400) return "invalid_request";
  return "transient";
}

function headerRetryAfter(response: HttpResponse, now: number): number | undefined {
  return parseRetryAfter(response.headers.get("retry-after"), now);
}

/** google.rpc.RetryInfo `retryDelay` is a protobuf Duration in JSON: "30s", "1.5s". */
function retryInfoDelay(details: Array<z.infer<typeof ErrorDetail>>): number | undefined {
  for (const detail of details) {
    const match = /^(\d+(?:\.\d+)?)s$/.exec(detail.retryDelay ?? "");
    if (match) return Math.ceil(Number(match[1]) * 1000);
  }
  return undefined;
}

/** The "10 edits per minute per profile" limit: Google's exact wording is unconfirmed, so both hints count. */
function isProfileEditLimit(message: string, reason: string | undefined): boolean {
  return /edits? per minute|per (profile|location)/i.test(message) || /EDIT/i.test(reason ?? "");
}

function stringOf(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return undefined;
}
