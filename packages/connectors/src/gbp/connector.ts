import type { Capabilities, Connector, ConnectorDeps } from "../core/index";
import { gbpAccountOptions } from "./account-options";
import { getGbpPostAnalytics } from "./analytics";
import { authenticateGbp } from "./authenticate";
import { buildGbpAuthorizationUrl } from "./authorization-url";
import type { GbpConfig } from "./config";
import type { GbpContext } from "./context";
import { deleteGbpPost } from "./delete-post";
import { fetchGbpAccounts } from "./fetch-accounts";
import { findGbpPost } from "./find-post";
import { checkGbpHealth } from "./health-check";
import { createJwksCache } from "./jwks-cache";
import { parseGbpWebhook } from "./parse-webhook";
import { publishGbp } from "./publish";
import { refreshGbpToken } from "./refresh-token";
import { revokeGbp } from "./revoke";
import { validateGbpPost } from "./validate-post";
import { verifyPubsubPush } from "./webhook-signature";

export const gbpCapabilities: Capabilities = {
  mediaKinds: ["image", "video"],
  textOnly: true,
  refresh: true,
  rotatingRefreshTokens: false,
  revoke: true,
  delete: true,
  // location-level metrics over the post's lifetime: Google offers no per-post insights any more
  analytics: true,
  findPost: true,
  pkce: true,
  nativeScheduling: false,
  webhooks: true,
};

/** Google Business Profile locations: Google OAuth, Account Management and Business Information v1, v4 local posts, Performance v1, Pub/Sub push. */
export function createGbpConnector(config: GbpConfig, deps: ConnectorDeps): Connector {
  const context: GbpContext = { config, deps, jwks: createJwksCache() };
  return {
    platform: "gbp",
    capabilities: gbpCapabilities,
    accountKinds: ["gbp_location"],
    buildAuthorizationUrl: (input) => buildGbpAuthorizationUrl(config, input),
    authenticate: (input) => authenticateGbp(context, input),
    refreshToken: (tokens) => refreshGbpToken(context, tokens),
    revoke: (access) => revokeGbp(context, access),
    fetchAccounts: (access) => fetchGbpAccounts(context, access),
    validatePost: (_account, post) => validateGbpPost(post),
    publish: (access, input) => publishGbp(context, access, input),
    findPost: (access, input) => findGbpPost(context, access, input),
    deletePost: (access, platformPostId) => deleteGbpPost(context, access, platformPostId),
    getPostAnalytics: (access, platformPostId) => getGbpPostAnalytics(context, access, platformPostId),
    healthCheck: (access) => checkGbpHealth(context, access),
    getAccountOptions: async (access) => gbpAccountOptions(access, config.languageCode),
    // Pub/Sub push has no verification handshake
    handleWebhookHandshake: () => null,
    validateWebhookSignature: (request, options) =>
      verifyPubsubPush(context, request, options?.now ?? deps.clock.now()),
    parseWebhookEvent: (request) => parseGbpWebhook(request, deps.clock.now()),
  };
}
