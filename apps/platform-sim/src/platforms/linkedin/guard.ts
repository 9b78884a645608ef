import type { FastifyReply, FastifyRequest } from "fastify";
import type { SimState } from "../../state/sim-state";
import type { TokenRecord } from "../../state/token-store";
import { type LinkedInErrorBody, linkedInErrors, sendError } from "./errors";

/** How many months LinkedIn keeps serving a version. */
const activeMonths = 12;

/**
 * The checks every `/rest/…` call passes before its handler: the LinkedIn-Version header (missing → 400
 * VERSION_MISSING; malformed, retired or future → 426 NONEXISTENT_VERSION), the Rest.li 2.0.0 header (→ 400),
 * then the bearer token (65604 empty, 65600 invalid, 65601 revoked, 65602 expired). Replies and returns null on
 * failure.
 */
export function guardRest(request: FastifyRequest, reply: FastifyReply, state: SimState): TokenRecord | null {
  const problem = versionProblem(header(request, "linkedin-version"), state.now());
  if (problem) {
    sendError(reply, problem);
    return null;
  }
  if (header(request, "x-restli-protocol-version") !== "2.0.0") {
    sendError(
      reply,
      linkedInErrors.badRequest(
        "This resource requires Rest.li protocol 2.0.0: send the X-Restli-Protocol-Version: 2.0.0 header",
      ),
    );
    return null;
  }
  return guardToken(request, reply, state);
}

/** The bearer token alone (userinfo on /v2 and the image upload URLs). */
export function guardToken(
  request: FastifyRequest,
  reply: FastifyReply,
  state: SimState,
): TokenRecord | null {
  const authorization = header(request, "authorization");
  const token = authorization?.startsWith("Bearer ") ? authorization.slice(7).trim() : "";
  if (!token) {
    sendError(reply, linkedInErrors.emptyToken());
    return null;
  }
  const check = state.tokens.checkAccess(token);
  if (check.ok && check.record.platform === "linkedin") return check.record;
  const reason = check.ok ? "invalid" : check.reason;
  const body =
    reason === "revoked"
      ? linkedInErrors.revokedToken()
      : reason === "expired"
        ? linkedInErrors.expiredToken()
        : linkedInErrors.invalidToken();
  sendError(reply, body);
  return null;
}

/** 403 ACCESS_DENIED unless the token carries one of the scopes. */
export function requireScope(
  reply: FastifyReply,
  token: TokenRecord,
  anyOf: readonly string[],
  resource: string,
): boolean {
  if (anyOf.some((scope) => token.scopes.includes(scope))) return true;
  sendError(reply, linkedInErrors.accessDenied(resource));
  return false;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === "string" ? value : undefined;
}

function versionProblem(version: string | undefined, now: number): LinkedInErrorBody | null {
  if (version === undefined || version.trim() === "") return linkedInErrors.versionMissing();
  const match = /^(\d{4})(\d{2})(?:\.(\d{2}))?$/.exec(version.trim());
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  const normalized = match ? `${match[1]}${match[2]}${match[3] ?? "01"}` : version;
  if (!match || month < 1 || month > 12) return linkedInErrors.versionInactive(normalized);
  const today = new Date(now);
  const current = today.getUTCFullYear() * 12 + today.getUTCMonth();
  const requested = year * 12 + (month - 1);
  if (requested > current || requested < current - activeMonths)
    return linkedInErrors.versionInactive(normalized);
  return null;
}
