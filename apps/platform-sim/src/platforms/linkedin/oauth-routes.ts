import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { handleAuthorize } from "../../core/consent";
import { lifetimeOf } from "../../state/settings";
import type { SimState } from "../../state/sim-state";
import type { Grant } from "../../state/token-store";
import type { LinkedInWorld } from "./world";

/** Scopes this emulated app may request; anything else is refused as LinkedIn refuses unknown scopes. */
const grantableScopes = new Set([
  "openid",
  "profile",
  "email",
  "w_member_social",
  "r_member_social",
  "w_organization_social",
  "r_organization_social",
  "rw_organization_admin",
  "r_organization_admin",
  "r_member_postAnalytics",
  "r_basicprofile",
]);

/** `www.linkedin.com/oauth/v2/authorization` (consent) and `/oauth/v2/accessToken` (code and refresh grants). */
export function registerOAuthRoutes(app: FastifyInstance, state: SimState, world: LinkedInWorld): void {
  const authorize = async (request: FastifyRequest, reply: FastifyReply) => {
    const input = {
      ...(request.query as Record<string, string>),
      ...((request.body as Record<string, string>) ?? {}),
    };
    if (input.response_type !== "code") {
      return reply.code(400).type("text/html").send("<p>response_type must be code</p>");
    }
    const scopes = (input.scope ?? "").split(/[\s,]+/).filter((s) => s !== "");
    const unknown = scopes.find((scope) => !grantableScopes.has(scope));
    if (unknown && input.redirect_uri && /^https?:\/\//.test(input.redirect_uri)) {
      const target = new URL(input.redirect_uri);
      target.searchParams.set("error", "unauthorized_scope_error");
      target.searchParams.set(
        "error_description",
        `Scope "${unknown}" is not authorized for your application`,
      );
      if (input.state !== undefined) target.searchParams.set("state", input.state);
      return reply.redirect(target.toString(), 302);
    }
    return handleAuthorize(request, reply, state, {
      platform: "linkedin",
      clientId: input.client_id,
      redirectUri: input.redirect_uri,
      state: input.state,
      scopes,
      codeChallenge: null,
      users: world.seed.members.map((m) => ({ id: m.sub, name: `${m.givenName} ${m.familyName}` })),
      denyParams: { error: "user_cancelled_authorize" },
    });
  };
  app.get("/www.linkedin.com/oauth/v2/authorization", authorize);
  app.post("/www.linkedin.com/oauth/v2/authorization", authorize);

  app.post("/www.linkedin.com/oauth/v2/accessToken", async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, string | undefined>;
    const app = state.apps.linkedin;
    if (form.client_id !== app.clientId || form.client_secret !== app.clientSecret) {
      return oauthError(reply, 401, "invalid_client", "Client authentication failed");
    }
    if (form.grant_type === "authorization_code") return exchangeCode(reply, state, form);
    if (form.grant_type === "refresh_token") return refresh(reply, state, form);
    return oauthError(reply, 400, "unsupported_grant_type", "The grant type is not supported");
  });
}

function exchangeCode(reply: FastifyReply, state: SimState, form: Record<string, string | undefined>) {
  const check = state.codes.consume(form.code ?? "", {
    platform: "linkedin",
    clientId: form.client_id ?? "",
    redirectUri: form.redirect_uri ?? "",
  });
  if (!check.ok) {
    return oauthError(
      reply,
      400,
      "invalid_request",
      "Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired. Or external member binding exists",
    );
  }
  const lifetime = lifetimeOf(state.settings, "linkedin");
  const grant = state.tokens.issue({
    platform: "linkedin",
    userId: check.record.userId,
    clientId: check.record.clientId,
    scopes: check.record.scopes,
    accessTtlSeconds: lifetime.accessTtlSeconds,
    refreshToken: { ttlSeconds: lifetime.refreshTtlSeconds },
  });
  return reply.send(tokenAnswer(grant, state.now()));
}

/** LinkedIn does not rotate refresh tokens: the same one comes back with its remaining lifetime. */
function refresh(reply: FastifyReply, state: SimState, form: Record<string, string | undefined>) {
  const lifetime = lifetimeOf(state.settings, "linkedin");
  const outcome = state.tokens.refresh(form.refresh_token ?? "", {
    clientId: form.client_id ?? "",
    rotate: false,
    accessTtlSeconds: lifetime.accessTtlSeconds,
    refreshTtlSeconds: lifetime.refreshTtlSeconds,
  });
  if (!outcome.ok) {
    const why =
      outcome.reason === "invalid" ? "invalid" : outcome.reason === "expired" ? "expired" : "revoked";
    return oauthError(reply, 400, "invalid_grant", `The provided refresh token is ${why}`);
  }
  return reply.send(tokenAnswer(outcome.grant, state.now()));
}

function tokenAnswer(grant: Grant, now: number): Record<string, unknown> {
  const seconds = (expiresAt: number | null) =>
    expiresAt === null ? undefined : Math.max(1, Math.floor((expiresAt - now) / 1000));
  const refresh = grant.refreshToken;
  return {
    access_token: grant.accessToken.token,
    // LinkedIn's tokens always expire; a sim lifetime of "never" is answered as a year.
    expires_in: seconds(grant.accessToken.expiresAt) ?? 365 * 86_400,
    scope: grant.accessToken.scopes.join(","),
    ...(refresh
      ? {
          refresh_token: refresh.token,
          ...(refresh.expiresAt === null ? {} : { refresh_token_expires_in: seconds(refresh.expiresAt) }),
        }
      : {}),
  };
}

function oauthError(reply: FastifyReply, status: number, error: string, description: string) {
  return reply.code(status).type("application/json").send({ error, error_description: description });
}
