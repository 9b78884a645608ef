import { z } from "zod";
import { ConnectorError, type TokenSet } from "../core/index";
import { classifyLinkedInError } from "./classify-error";
import { linkedInHosts } from "./config";
import type { LinkedInContext } from "./context";

export const LinkedInTokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  scope: z.string().optional(),
  refresh_token: z.string().optional(),
  refresh_token_expires_in: z.number().positive().optional(),
});
export type LinkedInTokenResponse = z.infer<typeof LinkedInTokenResponse>;

/** `POST https://www.linkedin.com/oauth/v2/accessToken` as a form, for both the code exchange and the refresh. */
export async function requestLinkedInToken(
  context: LinkedInContext,
  operation: string,
  form: Record<string, string>,
): Promise<LinkedInTokenResponse> {
  const response = await context.deps.http.request({
    platform: "linkedin",
    operation,
    method: "POST",
    url: `${linkedInHosts.oauth}/accessToken`,
    body: {
      form: { ...form, client_id: context.config.clientId, client_secret: context.config.clientSecret },
    },
  });
  if (response.status !== 200) {
    throw classifyLinkedInError(response, { operation, now: context.deps.clock.now() });
  }
  const parsed = LinkedInTokenResponse.safeParse(response.json);
  if (!parsed.success) {
    throw new ConnectorError({
      kind: "transient",
      platform: "linkedin",
      platformCode: "malformed_token_response",
      message: `${operation}: LinkedIn answered 200 without a usable access token`,
      httpStatus: response.status,
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** LinkedIn returns granted scopes comma-separated (sometimes space-separated); accept both. */
export function parseScopes(scope: string | undefined, fallback: readonly string[]): string[] {
  if (scope === undefined) return [...fallback];
  return scope.split(/[\s,]+/).filter((s) => s.length > 0);
}

export function tokenSetFrom(
  token: LinkedInTokenResponse,
  now: number,
  fallbackScopes: readonly string[],
): TokenSet {
  return {
    accessToken: token.access_token,
    refreshToken: token.refresh_token || null,
    expiresAt: new Date(now + token.expires_in * 1000),
    refreshTokenExpiresAt:
      token.refresh_token && token.refresh_token_expires_in
        ? new Date(now + token.refresh_token_expires_in * 1000)
        : null,
    scopes: parseScopes(token.scope, fallbackScopes),
  };
}
