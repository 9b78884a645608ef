import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { handleAuthorize } from "../../core/consent";
import { lifetimeOf } from "../../state/settings";
import { GraphError, graphErrors } from "./graph-error";
import { type MetaSim, publicGraphRoute } from "./graph-route";

/** Meta's long-lived user token lasts about 60 days; this is the `expires_in` its docs show. */
export const longLivedTtlSeconds = 5_183_944;

/** The Login dialog on www.facebook.com and the token endpoint on graph.facebook.com (both modes). */
export async function registerOAuthRoutes(app: FastifyInstance, sim: MetaSim): Promise<void> {
  const dialog = (request: FastifyRequest, reply: FastifyReply) => {
    const { version } = request.params as { version: string };
    const query = request.query as Record<string, string | undefined>;
    if (!/^v\d+\.\d+$/.test(version))
      return reply.code(404).type("text/html").send("<h1>Page not found</h1>");
    return handleAuthorize(request, reply, sim.state, {
      platform: "meta",
      clientId: query.client_id,
      redirectUri: query.redirect_uri,
      state: query.state,
      scopes: (query.scope ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
      codeChallenge: null,
      users: sim.world.seed.users.map((u) => ({ id: u.id, name: u.name })),
      denyParams: { error_reason: "user_denied", error_code: "200" },
    });
  };
  app.get("/www.facebook.com/:version/dialog/oauth", dialog);
  app.post("/www.facebook.com/:version/dialog/oauth", dialog);

  const token = publicGraphRoute(({ params }) => exchange(sim, params));
  app.get("/graph.facebook.com/:version/oauth/access_token", token);
  app.post("/graph.facebook.com/:version/oauth/access_token", token);
}

function exchange(sim: MetaSim, params: Record<string, string>) {
  const app = sim.state.apps.meta;
  if (params.client_id !== app.clientId) {
    throw new GraphError({ message: "Error validating application. Invalid application ID.", code: 101 });
  }
  if (params.client_secret !== app.clientSecret) {
    throw new GraphError({ message: "Error validating client secret.", code: 1 });
  }
  if (params.grant_type === "fb_exchange_token") return exchangeLongLived(sim, params.fb_exchange_token);
  return exchangeCode(sim, params);
}

function exchangeCode(sim: MetaSim, params: Record<string, string>) {
  if (!params.code) throw graphErrors.invalidParameter("Missing code parameter.");
  const result = sim.state.codes.consume(params.code, {
    platform: "meta",
    clientId: params.client_id ?? "",
    redirectUri: params.redirect_uri ?? "",
  });
  if (!result.ok) {
    const answers = {
      invalid: [36009, "This authorization code has been used."],
      expired: [36007, "This authorization code has expired."],
      redirect_mismatch: [
        36008,
        "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request",
      ],
      client_mismatch: [36009, "This authorization code has been used."],
      pkce_failed: [36009, "This authorization code has been used."],
    } as const;
    const [subcode, message] = answers[result.reason];
    throw new GraphError({ message, code: 100, error_subcode: subcode });
  }
  const ttl = lifetimeOf(sim.state.settings, "meta").accessTtlSeconds;
  const grant = sim.state.tokens.issue({
    platform: "meta",
    userId: result.record.userId,
    clientId: result.record.clientId,
    scopes: result.record.scopes,
    accessTtlSeconds: ttl,
    refreshToken: null,
  });
  return { access_token: grant.accessToken.token, token_type: "bearer", ...(ttl ? { expires_in: ttl } : {}) };
}

/** `fb_exchange_token`: a still-valid user token becomes a ~60-day one on the same grant; an expired one cannot. */
function exchangeLongLived(sim: MetaSim, token: string | undefined) {
  const check = sim.state.tokens.checkAccess(token);
  if (!check.ok) {
    if (check.reason === "expired") {
      throw graphErrors.expiredToken(sim.state.tokens.find(token ?? "")?.expiresAt ?? 0, sim.state.now());
    }
    throw check.reason === "revoked"
      ? graphErrors.revokedToken(sim.state.apps.meta.clientId)
      : graphErrors.invalidToken();
  }
  if (sim.world.pageTokens.has(check.record.token)) {
    throw graphErrors.invalidParameter("fb_exchange_token must be a user access token");
  }
  const record = sim.state.tokens.reissueAccess(check.record, longLivedTtlSeconds);
  return { access_token: record.token, token_type: "bearer", expires_in: longLivedTtlSeconds };
}
