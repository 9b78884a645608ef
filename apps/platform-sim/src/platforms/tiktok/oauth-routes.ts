import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { handleAuthorize } from "../../core/consent";
import { lifetimeOf } from "../../state/settings";
import type { SimState } from "../../state/sim-state";
import type { Grant } from "../../state/token-store";
import { logId, sendOAuthError, sendOk } from "./envelope";
import type { TikTokWorld } from "./world";

type Form = Record<string, string | undefined>;

/** Login Kit v2: the consent page on www.tiktok.com, the token and revoke endpoints on open.tiktokapis.com. */
export function registerOAuthRoutes(app: FastifyInstance, state: SimState, world: TikTokWorld): void {
  const authorize = async (request: FastifyRequest, reply: FastifyReply) => {
    const query = request.query as Form;
    if (query.response_type !== "code") {
      return reply.code(400).type("text/html").send("<p>response_type must be code</p>");
    }
    return handleAuthorize(request, reply, state, {
      platform: "tiktok",
      clientId: query.client_key,
      redirectUri: query.redirect_uri,
      state: query.state,
      scopes: (query.scope ?? "").split(",").filter((s) => s.length > 0),
      codeChallenge: query.code_challenge ?? null,
      users: world.users.map((u) => ({ id: u.openId, name: `${u.displayName} (@${u.username})` })),
      denyParams: { error_type: "user_denied" },
    });
  };
  app.get("/www.tiktok.com/v2/auth/authorize/", authorize);
  app.post("/www.tiktok.com/v2/auth/authorize/", authorize);

  app.post("/open.tiktokapis.com/v2/oauth/token/", async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    const now = state.now();
    const client = state.apps.tiktok;
    if (form.client_key !== client.clientId || form.client_secret !== client.clientSecret) {
      return sendOAuthError(reply, now, {
        status: 401,
        error: "invalid_client",
        description: "Client key or secret is incorrect.",
      });
    }
    if (form.grant_type === "authorization_code") return exchangeCode(state, reply, form);
    if (form.grant_type === "refresh_token") return refresh(state, reply, form);
    return sendOAuthError(reply, now, {
      status: 400,
      error: "unsupported_grant_type",
      description: "The grant type is not supported.",
    });
  });

  app.post("/open.tiktokapis.com/v2/oauth/revoke/", async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    const client = state.apps.tiktok;
    if (form.client_key !== client.clientId || form.client_secret !== client.clientSecret) {
      return sendOAuthError(reply, state.now(), {
        status: 401,
        error: "invalid_client",
        description: "Client key or secret is incorrect.",
      });
    }
    // an unknown token is already as revoked as it gets (RFC 7009 §2.2)
    if (form.token) state.tokens.revokeByToken(form.token);
    return sendOk(reply, state.now(), {});
  });
}

function exchangeCode(state: SimState, reply: FastifyReply, form: Form) {
  const now = state.now();
  if (!form.code || !form.redirect_uri) {
    return sendOAuthError(reply, now, {
      status: 400,
      error: "invalid_request",
      description: "code and redirect_uri are required.",
    });
  }
  const check = state.codes.consume(form.code, {
    platform: "tiktok",
    clientId: form.client_key ?? "",
    redirectUri: form.redirect_uri,
    codeVerifier: form.code_verifier ?? null,
  });
  if (!check.ok) {
    return sendOAuthError(reply, now, {
      status: 400,
      error: "invalid_grant",
      description: `Authorization code is invalid (${check.reason}).`,
    });
  }
  const lifetime = lifetimeOf(state.settings, "tiktok");
  const grant = state.tokens.issue({
    platform: "tiktok",
    userId: check.record.userId,
    clientId: check.record.clientId,
    scopes: check.record.scopes,
    accessTtlSeconds: lifetime.accessTtlSeconds,
    refreshToken: { ttlSeconds: lifetime.refreshTtlSeconds },
  });
  return reply.send(tokenBody(grant, now));
}

function refresh(state: SimState, reply: FastifyReply, form: Form) {
  const now = state.now();
  const lifetime = lifetimeOf(state.settings, "tiktok");
  const outcome = state.tokens.refresh(form.refresh_token ?? "", {
    clientId: form.client_key ?? "",
    rotate: true,
    accessTtlSeconds: lifetime.accessTtlSeconds,
    refreshTtlSeconds: lifetime.refreshTtlSeconds,
  });
  if (!outcome.ok) {
    const descriptions = {
      invalid: "Refresh token is invalid.",
      expired: "Refresh token is expired.",
      revoked: "Refresh token is revoked.",
      reused: "Refresh token was already used; the authorization is revoked.",
    };
    return sendOAuthError(reply, now, {
      status: 400,
      error: "invalid_grant",
      description: descriptions[outcome.reason],
    });
  }
  return reply.send(tokenBody(outcome.grant, now));
}

/** TikTok's token answer; a lifetime the sim set to "never" is reported as ten years. */
function tokenBody(grant: Grant, now: number) {
  const seconds = (expiresAt: number | null | undefined) =>
    expiresAt == null ? 10 * 365 * 86_400 : Math.max(0, Math.round((expiresAt - now) / 1000));
  return {
    open_id: grant.accessToken.userId,
    scope: grant.accessToken.scopes.join(","),
    access_token: grant.accessToken.token,
    expires_in: seconds(grant.accessToken.expiresAt),
    refresh_token: grant.refreshToken?.token,
    refresh_expires_in: seconds(grant.refreshToken?.expiresAt),
    token_type: "Bearer",
    log_id: logId(now),
  };
}
