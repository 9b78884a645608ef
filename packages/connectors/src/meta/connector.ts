import type { Capabilities, Connector, ConnectorDeps } from "../core/index";
import { getAccountOptions } from "./account-options";
import { getPostAnalytics } from "./analytics";
import { authenticate } from "./authenticate";
import { buildAuthorizationUrl } from "./authorization-url";
import type { MetaConfig } from "./config";
import type { MetaContext } from "./context";
import { deletePost } from "./delete-post";
import { fetchAccounts } from "./fetch-accounts";
import { findPost } from "./find-post";
import { createGraphClient } from "./graph-client";
import { healthCheck } from "./health-check";
import { parseWebhookEvent } from "./parse-webhook-event";
import { publish } from "./publish";
import { refreshToken } from "./refresh-token";
import { revoke } from "./revoke";
import { validatePost } from "./validate-post";
import { handleWebhookHandshake } from "./webhook-handshake";
import { validateWebhookSignature } from "./webhook-signature";

export const metaCapabilities: Capabilities = {
  mediaKinds: ["image", "video"],
  // Facebook Pages take text-only posts; Instagram does not (validatePost says so per account).
  textOnly: true,
  // a re-exchange of the still-valid long-lived token; there is no refresh token
  refresh: true,
  rotatingRefreshTokens: false,
  revoke: true,
  delete: true,
  analytics: true,
  findPost: true,
  pkce: false,
  // Pages support scheduled_publish_time; the pipeline schedules everything itself and never uses it
  nativeScheduling: true,
  webhooks: true,
};

/** Facebook Pages and Instagram professional accounts through Facebook Login and the Graph API. */
export function createMetaConnector(config: MetaConfig, deps: ConnectorDeps): Connector {
  const ctx: MetaContext = { config, deps, graph: createGraphClient(config, deps) };
  return {
    platform: "meta",
    capabilities: metaCapabilities,
    accountKinds: ["facebook_page", "instagram_account"],
    buildAuthorizationUrl: (input) => buildAuthorizationUrl(config, input),
    authenticate: (input) => authenticate(ctx, input),
    refreshToken: (tokens, connection) => refreshToken(ctx, tokens, connection),
    revoke: (access) => revoke(ctx, access),
    fetchAccounts: (access) => fetchAccounts(ctx, access),
    validatePost: (account, post, options) => validatePost(account, post, options),
    publish: (access, input) => publish(ctx, access, input),
    findPost: (access, input) => findPost(ctx, access, input),
    deletePost: (access, platformPostId) => deletePost(ctx, access, platformPostId),
    getPostAnalytics: (access, platformPostId) => getPostAnalytics(ctx, access, platformPostId),
    healthCheck: (access) => healthCheck(ctx, access),
    getAccountOptions: (access) => getAccountOptions(ctx, access),
    handleWebhookHandshake: (request) => handleWebhookHandshake(config, request),
    validateWebhookSignature: (request, options) => validateWebhookSignature(config, request, options),
    parseWebhookEvent: (request) => parseWebhookEvent(request),
  };
}
