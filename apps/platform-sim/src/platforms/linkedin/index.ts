import type { SimPlatformFactory } from "../../core/platform-module";
import { registerAnalyticsRoutes } from "./analytics-routes";
import { linkedInErrors, sendError } from "./errors";
import { registerMediaRoutes } from "./media-routes";
import { registerOAuthRoutes } from "./oauth-routes";
import { registerPostRoutes } from "./post-routes";
import { registerProfileRoutes } from "./profile-routes";
import { registerUploadRoutes } from "./upload-routes";
import { buildLinkedInWebhook } from "./webhook";
import { LinkedInWorld } from "./world";

export { simPostStatistics } from "./analytics-routes";
export { validateLinkedInWebhookEndpoint } from "./webhook";

/**
 * Emulated LinkedIn: OAuth on www.linkedin.com, the versioned REST API (posts, images, videos, organization ACLs,
 * statistics) and OIDC userinfo on api.linkedin.com, upload URLs on www.linkedin.com/dms-uploads, and signed
 * organization social-action webhooks.
 */
export const createLinkedInSim: SimPlatformFactory = ({ state }) => {
  const world = new LinkedInWorld();
  let notificationCounter = 0;
  return {
    platform: "linkedin",
    hosts: ["api.linkedin.com", "www.linkedin.com"],
    async register(app) {
      registerOAuthRoutes(app, state, world);
      registerProfileRoutes(app, state, world);
      registerPostRoutes(app, state, world);
      registerMediaRoutes(app, state, world);
      registerUploadRoutes(app, state, world);
      registerAnalyticsRoutes(app, state, world);
      app.all("/api.linkedin.com/*", async (_request, reply) => sendError(reply, linkedInErrors.notFound()));
    },
    reset() {
      world.reset();
      notificationCounter = 0;
    },
    describe: () => ({
      members: world.seed.members.map((m) => ({ sub: m.sub, name: `${m.givenName} ${m.familyName}` })),
      organizations: world.seed.organizations,
      acls: world.seed.acls,
      posts: world.posts.size,
    }),
    buildWebhook: (request) => buildLinkedInWebhook(state, world, request, () => ++notificationCounter),
  };
};
