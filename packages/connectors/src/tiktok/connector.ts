import {
  type Capabilities,
  type Connector,
  type ConnectorDeps,
  UnsupportedOperationError,
} from "../core/index";
import { getTikTokPostAnalytics } from "./analytics";
import { authenticateTikTok } from "./authenticate";
import { buildTikTokAuthorizationUrl } from "./authorization-url";
import { clampChunkSize, type TikTokConfig } from "./config";
import type { TikTokContext } from "./context";
import { queryCreatorInfo, toAccountOptions } from "./creator-info";
import { fetchTikTokAccounts } from "./fetch-accounts";
import { findTikTokPost } from "./find-post";
import { checkTikTokHealth } from "./health-check";
import { parseTikTokWebhook } from "./parse-webhook";
import { publishToTikTok } from "./publish";
import { refreshTikTokToken } from "./refresh-token";
import { revokeTikTok } from "./revoke";
import { createTikTokApi } from "./tiktok-api";
import { validateTikTokPost } from "./validate-post";
import { verifyTikTokSignature } from "./webhook-signature";

export const tiktokCapabilities: Capabilities = {
  mediaKinds: ["video", "image"],
  textOnly: false,
  refresh: true,
  rotatingRefreshTokens: true,
  revoke: true,
  // no API deletes a published TikTok post
  delete: false,
  analytics: true,
  findPost: true,
  // web apps authenticate with the client secret; TikTok asks PKCE of mobile and desktop apps only
  pkce: false,
  nativeScheduling: false,
  webhooks: true,
};

/** TikTok through Login Kit v2 and the Content Posting API (Direct Post). */
export function createTikTokConnector(config: TikTokConfig, deps: ConnectorDeps): Connector {
  const settings: TikTokConfig = { ...config, chunkSizeBytes: clampChunkSize(config.chunkSizeBytes) };
  const context: TikTokContext = { config: settings, deps, api: createTikTokApi(deps) };
  const { api } = context;
  return {
    platform: "tiktok",
    capabilities: tiktokCapabilities,
    accountKinds: ["tiktok_account"],
    buildAuthorizationUrl: (input) => buildTikTokAuthorizationUrl(settings, input),
    authenticate: (input) => authenticateTikTok(context, input),
    refreshToken: (tokens) => refreshTikTokToken(context, tokens),
    revoke: (access) => revokeTikTok(context, access),
    fetchAccounts: (access) => fetchTikTokAccounts(api, access),
    validatePost: (_account, post, options) => validateTikTokPost(post, options),
    publish: (access, input) => publishToTikTok(context, access, input),
    findPost: (access, input) => findTikTokPost(context, access, input),
    deletePost: async () => {
      throw new UnsupportedOperationError("tiktok", "deletePost", "TikTok offers no API to delete a post");
    },
    getPostAnalytics: (access, platformPostId) => getTikTokPostAnalytics(api, access, platformPostId),
    healthCheck: (access) => checkTikTokHealth(api, access),
    getAccountOptions: async (access) =>
      toAccountOptions(
        await queryCreatorInfo(api, { accessToken: access.accessToken, operation: "accounts.creator_info" }),
      ),
    // TikTok's webhooks have no verification handshake
    handleWebhookHandshake: () => null,
    validateWebhookSignature: async (request, options) =>
      verifyTikTokSignature(request, {
        secret: options?.secret ?? settings.clientSecret,
        nowMs: options?.now ?? deps.clock.now(),
        toleranceSeconds: settings.webhookToleranceSeconds,
      }),
    parseWebhookEvent: (request) => parseTikTokWebhook(request),
  };
}
