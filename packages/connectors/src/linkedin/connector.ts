import type { Capabilities, Connector, ConnectorDeps } from "../core/index";
import { linkedInAccountOptions } from "./account-options";
import { getLinkedInPostAnalytics } from "./analytics";
import { authenticateLinkedIn } from "./authenticate";
import { buildLinkedInAuthorizationUrl } from "./authorization-url";
import type { LinkedInConfig } from "./config";
import type { LinkedInContext } from "./context";
import { deleteLinkedInPost } from "./delete-post";
import { fetchLinkedInAccounts } from "./fetch-accounts";
import { findLinkedInPost } from "./find-post";
import { checkLinkedInHealth } from "./health-check";
import { publishLinkedIn } from "./publish";
import { refreshLinkedInToken } from "./refresh";
import { revokeLinkedIn } from "./revoke";
import { validateLinkedInPost } from "./validate-post";
import { parseLinkedInWebhook } from "./webhook-events";
import { answerLinkedInChallenge } from "./webhook-handshake";
import { verifyLinkedInSignature } from "./webhook-signature";

export const linkedInCapabilities: Capabilities = {
  mediaKinds: ["image", "video"],
  textOnly: true,
  refresh: true,
  rotatingRefreshTokens: false,
  revoke: false,
  delete: true,
  analytics: true,
  findPost: true,
  pkce: false,
  nativeScheduling: false,
  webhooks: true,
};

/** LinkedIn members and the organizations they administer, through the versioned REST (Posts) API. */
export function createLinkedInConnector(config: LinkedInConfig, deps: ConnectorDeps): Connector {
  const context: LinkedInContext = { config, deps };
  return {
    platform: "linkedin",
    capabilities: linkedInCapabilities,
    accountKinds: ["linkedin_member", "linkedin_organization"],
    buildAuthorizationUrl: (input) => buildLinkedInAuthorizationUrl(context, input),
    authenticate: (input) => authenticateLinkedIn(context, input),
    refreshToken: (tokens) => refreshLinkedInToken(context, tokens),
    revoke: () => revokeLinkedIn(),
    fetchAccounts: (access) => fetchLinkedInAccounts(context, access),
    validatePost: (account, post, options) => validateLinkedInPost(account, post, options),
    publish: (access, input) => publishLinkedIn(context, access, input),
    findPost: (access, input) => findLinkedInPost(context, access, input),
    deletePost: (access, platformPostId) => deleteLinkedInPost(context, access, platformPostId),
    getPostAnalytics: (access, platformPostId) => getLinkedInPostAnalytics(context, access, platformPostId),
    healthCheck: (access) => checkLinkedInHealth(context, access),
    getAccountOptions: async (access) => linkedInAccountOptions(access),
    handleWebhookHandshake: (request) => answerLinkedInChallenge(request, config.clientSecret),
    validateWebhookSignature: async (request, options) =>
      verifyLinkedInSignature(request, options?.secret ?? config.clientSecret),
    parseWebhookEvent: (request) => parseLinkedInWebhook(request, deps.clock.now()),
  };
}
