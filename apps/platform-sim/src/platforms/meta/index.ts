import type { SimPlatformFactory } from "../../core/platform-module";
import { registerMetaControlRoutes } from "./control-routes";
import { graphErrors } from "./graph-error";
import { type MetaSim, sendGraphError } from "./graph-route";
import { registerInstagramRoutes } from "./instagram-routes";
import { registerOAuthRoutes } from "./oauth-routes";
import { registerObjectRoutes } from "./object-routes";
import { registerPageRoutes } from "./page-routes";
import { registerUserRoutes } from "./user-routes";
import { buildMetaWebhook } from "./webhooks";
import { MetaWorld } from "./world";

/**
 * Meta as platform-sim emulates it: the Login dialog on www.facebook.com and the Graph API on graph.facebook.com
 * under any `v<major>.<minor>` version — tokens (short-lived, long-lived, Page), Pages and their posts, the
 * Instagram container flow with its quota, insights, deletes, usage headers, rate limits and signed webhooks.
 */
export const createMetaSim: SimPlatformFactory = ({ state }) => {
  const world = new MetaWorld();
  const sim: MetaSim = { state, world };
  return {
    platform: "meta",
    hosts: ["www.facebook.com", "graph.facebook.com"],
    async register(app) {
      await registerOAuthRoutes(app, sim);
      await registerUserRoutes(app, sim);
      await registerPageRoutes(app, sim);
      await registerInstagramRoutes(app, sim);
      await registerObjectRoutes(app, sim);
      await registerMetaControlRoutes(app, sim);
      app.all("/graph.facebook.com/*", async (request, reply) => {
        const path = request.url.split("?")[0]?.replace(/^\/graph\.facebook\.com\/[^/]+/, "") ?? "/";
        return sendGraphError(reply, graphErrors.unknownPath(path), {});
      });
      app.all("/www.facebook.com/*", async (_request, reply) =>
        reply.code(404).type("text/html").send("<!doctype html><h1>This page isn't available</h1>"),
      );
    },
    reset() {
      world.reset();
    },
    describe: () => ({
      users: world.seed.users,
      pages: world.seed.pages,
      instagram: world.seed.instagram,
      limits: world.limits,
      containers: world.containers.size,
      declined: Object.fromEntries([...world.declined].map(([user, set]) => [user, [...set]])),
    }),
    buildWebhook: (request) => buildMetaWebhook(sim, request),
  };
};
