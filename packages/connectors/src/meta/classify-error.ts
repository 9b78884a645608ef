import type { ConnectorErrorKind } from "@postd/contracts";
import { ConnectorError, type HttpResponse, parseRetryAfter } from "../core/index";

/** Graph's error object: `{"error":{"message","type","code","error_subcode","fbtrace_id","is_transient"?}}`. */
export interface GraphErrorBody {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_user_title?: string;
  error_user_msg?: string;
  is_transient?: boolean;
  fbtrace_id?: string;
}

/** When the app-level usage header says 100 % and no regain time is given: the window is one rolling hour. */
export const appUsageBackoffMs = 3_600_000;

/** Subcodes that decide on their own, whatever the code (mostly Instagram's 2207xxx family). */
const kindBySubcode = new Map<number, ConnectorErrorKind>([
  [2207001, "transient"], // IG server error
  [2207003, "transient"], // media download timed out
  [2207053, "transient"], // unknown upload error: recreate the container
  [2207020, "transient"], // container expired: a new one is made on the retry
  [2207027, "transient"], // media not ready yet
  [2207042, "quota_exceeded"], // IG publishing limit reached
  [2207004, "invalid_request"], // image over 8 MiB
  [2207009, "invalid_request"], // aspect ratio
  [2207010, "invalid_request"], // caption too long
  [2207026, "invalid_request"], // video format
  [2207052, "invalid_request"], // media URL unusable
  [2207057, "invalid_request"], // bad thumb_offset
  [2207073, "invalid_request"], // media type cannot be deleted
  [2207050, "permission_denied"], // the IG user is restricted
]);

/** Error code 190's subcodes: only 463 is plain expiry; every other one needs the user back. */
const expiredTokenSubcodes = new Set([463]);

const kindByCode = new Map<number, ConnectorErrorKind>([
  [1, "transient"],
  [2, "transient"],
  [-1, "transient"],
  [-2, "transient"],
  [4, "rate_limited"],
  [17, "rate_limited"],
  [32, "rate_limited"],
  [341, "rate_limited"],
  [613, "rate_limited"],
  [9, "quota_exceeded"],
  [102, "auth_expired"],
  [3, "permission_denied"],
  [10, "permission_denied"],
  // 368: a temporary block for policy reasons (hours to days). Retrying on our schedule cannot lift it and may
  // prolong it, so it is not retried: the dead letter tells the user what Meta said.
  [368, "permission_denied"],
  [100, "invalid_request"],
  [506, "invalid_request"],
  [1609005, "invalid_request"],
]);

/** The kind for a Graph code/subcode pair; the HTTP status decides only when the body names no known code. */
export function kindOfGraphError(error: GraphErrorBody, httpStatus: number): ConnectorErrorKind {
  const { code, error_subcode: subcode } = error;
  let kind: ConnectorErrorKind | undefined = subcode === undefined ? undefined : kindBySubcode.get(subcode);
  if (!kind && code === 190) {
    kind = subcode !== undefined && expiredTokenSubcodes.has(subcode) ? "auth_expired" : "auth_revoked";
  }
  if (!kind && code !== undefined) {
    kind = kindByCode.get(code);
    if (!kind && code >= 200 && code <= 299) kind = "permission_denied";
    if (!kind && code >= 80_000 && code <= 80_014) kind = "rate_limited"; // the Business Use Case family
  }
  kind ??= kindOfStatus(httpStatus);
  if (error.is_transient === true && kind !== "rate_limited" && kind !== "quota_exceeded") return "transient";
  return kind;
}

function kindOfStatus(status: number): ConnectorErrorKind {
  if (status === 429) return "rate_limited";
  if (status >= 500 || status === 408) return "transient";
  if (status === 401) return "auth_expired";
  if (status === 403) return "permission_denied";
  return "invalid_request";
}

export function graphErrorOf(json: unknown): GraphErrorBody | null {
  if (!json || typeof json !== "object" || !("error" in json)) return null;
  const error = (json as { error: unknown }).error;
  if (!error || typeof error !== "object") return null;
  const raw = error as Record<string, unknown>;
  const number = (value: unknown) =>
    value === undefined || value === null || value === "" ? undefined : Number(value);
  return {
    message: typeof raw.message === "string" ? raw.message : undefined,
    type: typeof raw.type === "string" ? raw.type : undefined,
    code: number(raw.code),
    error_subcode: number(raw.error_subcode),
    error_user_title: typeof raw.error_user_title === "string" ? raw.error_user_title : undefined,
    error_user_msg: typeof raw.error_user_msg === "string" ? raw.error_user_msg : undefined,
    is_transient: raw.is_transient === true,
    fbtrace_id: typeof raw.fbtrace_id === "string" ? raw.fbtrace_id : undefined,
  };
}

/**
 * Every Graph failure answer → one `ConnectorError`. Rate limits carry the wait Meta gives:
 * `X-Business-Use-Case-Usage` `estimated_time_to_regain_access` (minutes), else `Retry-After`, else a full hour
 * when `X-App-Usage` shows a share at 100 %.
 */
export function classifyGraphError(options: {
  response: HttpResponse;
  operation: string;
  now: number;
}): ConnectorError {
  const { response, operation, now } = options;
  const error = graphErrorOf(response.json) ?? {};
  const kind = kindOfGraphError(error, response.status);
  const platformCode =
    error.code === undefined
      ? `http_${response.status}`
      : `${error.code}${error.error_subcode === undefined ? "" : `/${error.error_subcode}`}`;
  const detail = error.message ?? (response.text.slice(0, 200) || `HTTP ${response.status}`);
  const userDetail = error.error_user_msg ? ` (${error.error_user_msg})` : "";
  const retryAfterMs = kind === "rate_limited" ? retryAfterOf(response.headers, now) : undefined;
  return new ConnectorError({
    kind,
    platform: "meta",
    platformCode,
    message: `${operation}: ${detail}${userDetail}`,
    httpStatus: response.status,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

/**
 * An Instagram container that ended in ERROR: its `status` text carries the reason's subcode
 * ("Error: … 2207026"), classified like the same subcode in an error answer.
 */
export function classifyContainerFailure(options: { containerId: string; status: string }): ConnectorError {
  const subcode = /\b(\d{7})\b/.exec(options.status)?.[1];
  const kind = subcode ? kindOfGraphError({ error_subcode: Number(subcode) }, 400) : "invalid_request";
  return new ConnectorError({
    kind,
    platform: "meta",
    platformCode: subcode ?? "container_error",
    message: `Instagram could not process container ${options.containerId}: ${options.status || "ERROR"}`,
  });
}

export function retryAfterOf(headers: Headers, now: number): number | undefined {
  const regain = businessRegainMs(headers.get("x-business-use-case-usage"));
  if (regain !== undefined) return regain;
  const retryAfter = parseRetryAfter(headers.get("retry-after"), now);
  if (retryAfter !== undefined) return retryAfter;
  return appUsageExhausted(headers.get("x-app-usage")) ? appUsageBackoffMs : undefined;
}

function businessRegainMs(header: string | null): number | undefined {
  const parsed = parseJsonObject(header);
  if (!parsed) return undefined;
  let minutes = 0;
  for (const entries of Object.values(parsed)) {
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      const value = Number(
        (entry as { estimated_time_to_regain_access?: unknown })?.estimated_time_to_regain_access,
      );
      if (Number.isFinite(value) && value > minutes) minutes = value;
    }
  }
  return minutes > 0 ? minutes * 60_000 : undefined;
}

function appUsageExhausted(header: string | null): boolean {
  const parsed = parseJsonObject(header);
  if (!parsed) return false;
  return ["call_count", "total_cputime", "total_time"].some((key) => Number(parsed[key]) >= 100);
}

function parseJsonObject(value: string | null): Record<string, unknown> | null {
  if (!value) return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
