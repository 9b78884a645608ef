import type { TokenSet } from "../core/index";
import { ConnectorError, isConnectorError } from "../core/index";
import type { MetaContext } from "./context";
import { TokenResponse } from "./schemas";

/** `fb_exchange_token`: a still-valid user token for a long-lived (~60-day) one. */
export async function exchangeForLongLived(
  ctx: MetaContext,
  token: string,
  operation: string,
): Promise<TokenResponse> {
  return ctx.graph.call({
    operation,
    method: "GET",
    path: "/oauth/access_token",
    query: {
      grant_type: "fb_exchange_token",
      client_id: ctx.config.clientId,
      client_secret: ctx.config.clientSecret,
      fb_exchange_token: token,
    },
    schema: TokenResponse,
  });
}

/**
 * Meta has no refresh token: `expires_in` decides when token-service re-exchanges. A long-lived answer without
 * `expires_in` is a token that does not expire (as Meta issues for some system and Page tokens).
 */
export function tokenSetOf(answer: TokenResponse, scopes: string[], now: number): TokenSet {
  return {
    accessToken: answer.access_token,
    refreshToken: null,
    expiresAt: answer.expires_in ? new Date(now + answer.expires_in * 1000) : null,
    refreshTokenExpiresAt: null,
    scopes,
  };
}

/**
 * An expired long-lived token cannot be exchanged and nothing else renews it: only the user logging in again
 * helps. It stays `auth_expired` (what Meta said) but is not retryable, so token-service marks the connection
 * `needs_reauth` instead of trying again.
 */
export function needsLoginAgain(error: unknown): unknown {
  if (!isConnectorError(error) || error.kind !== "auth_expired") return error;
  return new ConnectorError({
    kind: "auth_expired",
    platform: "meta",
    platformCode: error.platformCode,
    message: `${error.message} — Meta issues no refresh token; the user must log in again`,
    ...(error.httpStatus === undefined ? {} : { httpStatus: error.httpStatus }),
    retryable: false,
    cause: error,
  });
}
