import type { FastifyInstance } from "fastify";
import { graphErrors } from "./graph-error";
import { pageOf, pickFields } from "./graph-params";
import { type Caller, type GraphInput, graphRoute, type MetaSim } from "./graph-route";

/** `/me`, `/me/permissions` (read and revoke) and `/me/accounts` with Page tokens and cursor paging. */
export async function registerUserRoutes(app: FastifyInstance, sim: MetaSim): Promise<void> {
  app.get(
    "/graph.facebook.com/:version/me",
    graphRoute(sim, (input) => readMe(sim, input)),
  );
  app.get(
    "/graph.facebook.com/:version/me/permissions",
    graphRoute(sim, ({ caller }) => ({
      data: caller.record.scopes.map((permission) => ({
        permission,
        status: caller.granted.has(permission) ? "granted" : "declined",
      })),
    })),
  );
  app.delete(
    "/graph.facebook.com/:version/me/permissions",
    graphRoute(sim, ({ caller }) => {
      if (caller.pageId !== null) throw graphErrors.permission(200, "Requires a user access token");
      // Removing the app ends every grant the user gave it, and the Page tokens with them.
      for (const token of sim.state.tokens.tokensOf("meta", caller.userId)) {
        sim.state.tokens.revokeGrant(token.grantId);
      }
      return { success: true };
    }),
  );
  app.get(
    "/graph.facebook.com/:version/me/accounts",
    graphRoute(sim, (input) => listAccounts(sim, input)),
  );
}

function readMe(sim: MetaSim, { caller, params }: GraphInput) {
  if (caller.pageId !== null) {
    const page = sim.world.page(caller.pageId);
    return pickFields({ id: page?.id, name: page?.name }, params.fields, ["id", "name"]);
  }
  const user = sim.world.user(caller.userId);
  if (!user) throw graphErrors.invalidToken();
  const picture = { data: { url: pictureUrl(user.id), is_silhouette: false } };
  return pickFields({ id: user.id, name: user.name, picture }, params.fields, ["id", "name"]);
}

/** Without `pages_show_list` granted, Graph lists no Pages at all. */
function listAccounts(sim: MetaSim, { caller, params, version }: GraphInput) {
  if (caller.pageId !== null) throw graphErrors.unknownPath("/accounts");
  const user = sim.world.user(caller.userId);
  const pages = caller.granted.has("pages_show_list") ? (user?.pageIds ?? []) : [];
  const items = pages.map((pageId) => pageEntry(sim, caller, pageId, params.fields));
  const { appsecret_proof: _proof, ...forward } = params;
  return pageOf(items, {
    params: { ...forward, access_token: caller.token },
    url: `https://graph.facebook.com/${version}/me/accounts`,
    defaultLimit: 25,
  });
}

function pageEntry(sim: MetaSim, caller: Caller, pageId: string, fields: string | undefined) {
  const page = sim.world.page(pageId);
  const entry = {
    id: pageId,
    name: page?.name,
    username: page?.username ?? undefined,
    category: page?.category,
    tasks: page?.tasks,
    access_token: pageTokenFor(sim, caller, pageId),
    picture: { data: { url: pictureUrl(pageId), is_silhouette: false, height: 50, width: 50 } },
    instagram_business_account: page?.instagramId ? { id: page.instagramId } : undefined,
  };
  return pickFields(entry, fields, ["id", "name", "access_token", "category", "tasks"]);
}

/** Page tokens never expire, but belong to the user's grant: revoking the grant revokes them. */
function pageTokenFor(sim: MetaSim, caller: Caller, pageId: string): string {
  const key = `${caller.record.grantId}:${pageId}`;
  const existing = sim.world.pageTokenByGrant.get(key);
  if (existing) return existing;
  const grant = sim.state.tokens.issue(
    {
      platform: "meta",
      userId: caller.userId,
      clientId: caller.record.clientId,
      scopes: caller.record.scopes,
      accessTtlSeconds: null,
      refreshToken: null,
    },
    caller.record.grantId,
  );
  sim.world.pageTokenByGrant.set(key, grant.accessToken.token);
  sim.world.pageTokens.set(grant.accessToken.token, pageId);
  return grant.accessToken.token;
}

export function pictureUrl(id: string): string {
  return `https://media.platform-sim.test/profile-${id}.jpg`;
}
