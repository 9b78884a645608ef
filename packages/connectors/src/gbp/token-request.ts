import { z } from "zod";
import { ConnectorError, type TokenSet } from "../core/index";
import { classifyGbpError } from "./classify-error";
import { gbpUrls } from "./config";
import type { GbpContext } from "./context";

/** Google's token answer; `refresh_token` only on a consent with `access_type=offline`, never on a refresh. */
export const GoogleTokenResponse = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  refresh_token: z.string().optional(),
  /** only when the user granted time-based access */
  refresh_token_expires_in: z.number().positive().optional(),
  scope: z.string().optional(),
  token_type: z.string().optional(),
  id_token: z.string().optional(),
});
export type GoogleTokenResponse = z.infer<typeof GoogleTokenResponse>;

/** `POST https://oauth2.googleapis.com/token` as a form, with the client credentials in the body. */
export async function requestGoogleToken(
  context: GbpContext,
  operation: string,
  form: Record<string, string | undefined>,
): Promise<GoogleTokenResponse> {
  const response = await context.deps.http.request({
    platform: "gbp",
    operation,
    method: "POST",
    url: gbpUrls.token,
    body: {
      form: { ...form, client_id: context.config.clientId, client_secret: context.config.clientSecret },
    },
  });
  if (response.status !== 200) {
    throw classifyGbpError(response, { operation, now: context.deps.clock.now() });
  }
  const parsed = GoogleTokenResponse.safeParse(response.json);
  if (!parsed.success) {
    throw new ConnectorError({
      kind: "transient",
      platform: "gbp",
      platformCode: "malformed_token_response",
      message: `${operation}: Google answered 200 without a usable access token`,
      httpStatus: response.status,
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** Google lists granted scopes space-separated. */
export function parseScopes(scope: string | undefined, fallback: readonly string[]): string[] {
  if (scope === undefined) return [...fallback];
  return scope.split(/\s+/).filter((s) => s.length > 0);
}

export function tokenSetFrom(
  token: GoogleTokenResponse,
  now: number,
  fallbackScopes: readonly string[],
): TokenSet {
  return {
    accessToken: token.access_token,
    refreshToken: token.refresh_token || null,
    expiresAt: new Date(now + token.expires_in * 1000),
    refreshTokenExpiresAt: token.refresh_token_expires_in
      ? new Date(now + token.refresh_token_expires_in * 1000)
      : null,
    scopes: parseScopes(token.scope, fallbackScopes),
  };
}
