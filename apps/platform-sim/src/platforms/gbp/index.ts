import type { SimPlatformFactory } from "../../core/platform-module";
import { accountManagementHost, businessInformationHost, registerAccountRoutes } from "./account-routes";
import { registerIdentityRoutes } from "./identity-routes";
import { registerLocalPostRoutes, v4Host } from "./local-post-routes";
import { registerNotFound } from "./not-found";
import { registerOAuthRoutes } from "./oauth-routes";
import { performanceHost, registerPerformanceRoutes } from "./performance-routes";
import { createSigningKeys } from "./signing";
import { buildGbpWebhook } from "./webhook";
import { GbpWorld } from "./world";

export { immediateRejectMarker } from "./local-post-rules";
export { simMetricValue } from "./performance-routes";
export { defaultPushAudience, defaultPushServiceAccount } from "./webhook";

const apiHosts = [
  "oauth2.googleapis.com",
  "openidconnect.googleapis.com",
  "www.googleapis.com",
  accountManagementHost,
  businessInformationHost,
  v4Host,
  performanceHost,
];

/**
 * Emulated Google Business Profile: Google OAuth (consent with PKCE, non-rotating refresh, revoke), OIDC userinfo
 * and the signing keys, Account Management and Business Information v1, v4 local posts (PROCESSING → LIVE or
 * REJECTED on review), Performance v1 time series, and Pub/Sub push deliveries with an OIDC token. The RSA
 * signing keys are made once at start and survive resets.
 */
export const createGbpSim: SimPlatformFactory = ({ state }) => {
  const world = new GbpWorld();
  const keys = createSigningKeys();
  let messageCounter = 0;
  return {
    platform: "gbp",
    hosts: ["accounts.google.com", ...apiHosts],
    async register(app) {
      registerOAuthRoutes(app, state, world, keys);
      registerIdentityRoutes(app, state, world, keys);
      registerAccountRoutes(app, state, world);
      registerLocalPostRoutes(app, state, world);
      registerPerformanceRoutes(app, state, world);
      registerNotFound(app, apiHosts);
    },
    reset() {
      world.reset();
      messageCounter = 0;
    },
    describe: () => ({
      users: world.seed.users.map((u) => ({ sub: u.sub, name: u.name, email: u.email })),
      accounts: world.seed.accounts.map((a) => ({
        name: `accounts/${a.id}`,
        accountName: a.accountName,
        type: a.type,
        members: a.members,
        locations: a.locationIds.map((id) => `locations/${id}`),
      })),
      localPosts: [...world.posts.values()].map((p) => ({
        name: p.name,
        state: p.state,
        deleted: p.deleted,
        topicType: p.body.topicType,
      })),
    }),
    buildWebhook: (request) =>
      buildGbpWebhook(state, world, keys, {
        ...request,
        messageId:
          typeof request.params.messageId === "string"
            ? request.params.messageId
            : String(4_961_298_133_454_000 + ++messageCounter),
      }),
  };
};
