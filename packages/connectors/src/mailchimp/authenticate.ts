import { z } from "zod";
import type { AuthenticateInput, AuthenticateResult, ConnectionMetadata, TokenSet } from "../core/index";
import { classifyMailchimpError, isOAuthError } from "./classify-error";
import { mailchimpUrls } from "./config";
import type { MailchimpContext } from "./context";
import { fetchMetadata, type Metadata } from "./metadata";
import { parseBody } from "./parse-body";

/** `{access_token, expires_in: 0, scope: null}`: 0 means the token never expires. */
const TokenResponse = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().nullish(),
  scope: z.string().nullish(),
});

/**
 * Exchanges the code (form-encoded, with the client secret), then asks the metadata endpoint for the user's
 * data center: every later call goes to its `api_endpoint`. The user is `user_id`, stable across reconnects.
 */
export async function authenticateMailchimp(
  context: MailchimpContext,
  input: AuthenticateInput,
): Promise<AuthenticateResult> {
  const operation = "oauth.exchange_code";
  const response = await context.deps.http.request({
    platform: "mailchimp",
    operation,
    method: "POST",
    url: mailchimpUrls.token,
    body: {
      form: {
        grant_type: "authorization_code",
        client_id: context.config.clientId,
        client_secret: context.config.clientSecret,
        redirect_uri: input.redirectUri,
        code: input.code,
      },
    },
  });
  if (response.status >= 300 || isOAuthError(response.json)) {
    throw classifyMailchimpError(response, { operation, now: context.deps.clock.now() });
  }
  const token = parseBody(TokenResponse, response, { operation, sideEffect: true });
  const metadata = await fetchMetadata(context, token.access_token, "oauth.metadata");
  return {
    tokens: toTokenSet(token, context.deps.clock.now()),
    externalUserId: String(metadata.user_id),
    displayName: metadata.accountname || metadata.login?.login_name || `Mailchimp (${metadata.dc})`,
    metadata: connectionMetadataOf(metadata),
  };
}

/** Trusts `expires_in` when Mailchimp ever sends a lifetime; 0 or absent is "never expires". */
function toTokenSet(token: z.infer<typeof TokenResponse>, now: number): TokenSet {
  const seconds = token.expires_in ?? 0;
  return {
    accessToken: token.access_token,
    refreshToken: null,
    expiresAt: seconds > 0 ? new Date(now + seconds * 1000) : null,
    refreshTokenExpiresAt: null,
    scopes: token.scope ? token.scope.split(/[\s,]+/).filter(Boolean) : [],
  };
}

/** What later calls need: `apiEndpoint` above all (the data center's host). */
export function connectionMetadataOf(metadata: Metadata): ConnectionMetadata {
  const result: ConnectionMetadata = { dc: metadata.dc, apiEndpoint: metadata.api_endpoint };
  if (metadata.accountname) result.accountName = metadata.accountname;
  const email = metadata.login?.login_email || metadata.login?.email;
  if (email) result.loginEmail = email;
  if (metadata.role) result.role = metadata.role;
  return result;
}
