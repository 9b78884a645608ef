import type { SimPlatformFactory } from "../../core/platform-module";
import { registerDisplayRoutes } from "./display-routes";
import { registerNotFound } from "./not-found";
import { registerOAuthRoutes } from "./oauth-routes";
import { registerPublishRoutes } from "./publish-routes";
import { registerStatusRoute } from "./status-route";
import { registerUploadRoute, uploadHost } from "./upload-route";
import { buildTikTokWebhook } from "./webhook";
import { TikTokWorld } from "./world";

const apiHost = "open.tiktokapis.com";

/**
 * Emulated TikTok: Login Kit v2 (consent on www.tiktok.com, rotating refresh tokens), the Content Posting API
 * (creator_info, Direct Post video by URL or chunked upload, photo posts, status), the Display API, webhooks.
 */
export const createTikTokSim: SimPlatformFactory = ({ state }) => {
  const world = new TikTokWorld(state);
  return {
    platform: "tiktok",
    hosts: ["www.tiktok.com", apiHost, uploadHost],
    async register(app) {
      registerOAuthRoutes(app, state, world);
      registerDisplayRoutes(app, state, world);
      registerPublishRoutes(app, state, world);
      registerStatusRoute(app, state, world);
      registerUploadRoute(app, state, world);
      registerNotFound(app, state, [apiHost, uploadHost]);
    },
    reset: () => world.reset(),
    describe: () => ({
      users: world.users.map((u) => ({
        openId: u.openId,
        username: u.username,
        privacyLevelOptions: u.privacyLevelOptions,
      })),
      videos: world.videos.length,
      publishes: [...world.publishes.values()].map((p) => ({
        publishId: p.publishId,
        openId: p.openId,
        kind: p.kind,
        source: p.source,
        status: p.status,
        failReason: p.failReason || null,
        postId: p.video?.id ?? null,
        upload: p.upload && {
          videoSize: p.upload.videoSize,
          chunkSize: p.upload.chunkSize,
          totalChunkCount: p.upload.totalChunkCount,
          received: p.upload.received,
          chunks: p.upload.chunks,
          sha256: p.upload.sha256,
        },
      })),
    }),
    buildWebhook: (request) => buildTikTokWebhook(state, request),
  };
};
