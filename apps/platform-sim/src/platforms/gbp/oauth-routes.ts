import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { handleAuthorize } from "../../core/consent";
import { lifetimeOf } from "../../state/settings";
import type { SimState } from "../../state/sim-state";
import type { Grant } from "../../state/token-store";
import { type SigningKeys, signJwt } from "./signing";
import type { GbpWorld } from "./world";

type Form = Record<string, string | undefined>;

/** Scopes the emulated consent grants; Google answers the short OIDC names with their full URLs. */
const grantable: Record<string, string> = {
  "https://www.googleapis.com/auth/business.manage": "https://www.googleapis.com/auth/business.manage",
  "https://www.googleapis.com/auth/plus.business.manage":
    "https://www.googleapis.com/auth/plus.business.manage",
  openid: "openid",
  email: "https://www.googleapis.com/auth/userinfo.email",
  profile: "https://www.googleapis.com/auth/userinfo.profile",
  "https://www.googleapis.com/auth/userinfo.email": "https://www.googleapis.com/auth/userinfo.email",
  "https://www.googleapis.com/auth/userinfo.profile": "https://www.googleapis.com/auth/userinfo.profile",
};

/** accounts.google.com consent (PKCE S256 or plain), oauth2.googleapis.com token (code, refresh) and revoke. */
export function registerOAuthRoutes(
  app: FastifyInstance,
  state: SimState,
  world: GbpWorld,
  keys: SigningKeys,
) {
  const authorize = async (request: FastifyRequest, reply: FastifyReply) => {
    const input: Form = { ...(request.query as Form), ...((request.body as Form) ?? {}) };
    const problem = authorizeProblem(input);
    if (problem) return reply.code(400).type("text/html").send(errorPage(problem));
    const scopes = [
      ...new Set(
        (input.scope ?? "")
          .split(/\s+/)
          .filter(Boolean)
          .map((s) => grantable[s] ?? s),
      ),
    ];
    await handleAuthorize(request, reply, state, {
      platform: "gbp",
      clientId: input.client_id,
      redirectUri: input.redirect_uri,
      state: input.state,
      scopes,
      codeChallenge: storedChallenge(input),
      users: world.seed.users.map((u) => ({ id: u.sub, name: `${u.name} (${u.email})` })),
    });
    rememberAuthorization(reply, world, input);
    return reply;
  };
  app.get("/accounts.google.com/o/oauth2/v2/auth", authorize);
  app.post("/accounts.google.com/o/oauth2/v2/auth", authorize);

  app.post("/oauth2.googleapis.com/token", (request, reply) => token(request, reply, { state, world, keys }));
  app.post("/oauth2.googleapis.com/revoke", (request, reply) => revoke(request, reply, state));
}

/** Client authentication (form or HTTP Basic), then the code or refresh grant. */
async function token(request: FastifyRequest, reply: FastifyReply, deps: OAuthDeps) {
  const form = { ...clientFromBasicAuth(request), ...((request.body ?? {}) as Form) };
  const client = deps.state.apps.gbp;
  if (form.client_id !== client.clientId) {
    return oauthError(reply, 401, "invalid_client", "The OAuth client was not found.");
  }
  if (form.client_secret !== client.clientSecret)
    return oauthError(reply, 401, "invalid_client", "Unauthorized");
  if (form.grant_type === "authorization_code") return exchangeCode(reply, deps, form);
  if (form.grant_type === "refresh_token") return refresh(reply, deps, form);
  return oauthError(reply, 400, "unsupported_grant_type", `Invalid grant_type: ${form.grant_type ?? ""}`);
}

/** The token in the query string or the form; revoking any token of a grant ends the whole grant. */
async function revoke(request: FastifyRequest, reply: FastifyReply, state: SimState) {
  const token = (request.query as Form).token ?? ((request.body ?? {}) as Form).token;
  const record = token ? state.tokens.find(token) : undefined;
  if (record?.platform !== "gbp" || state.tokens.isGrantRevoked(record.grantId)) {
    return oauthError(reply, 400, "invalid_token", "Token expired or revoked");
  }
  state.tokens.revokeGrant(record.grantId);
  return reply.type("application/json; charset=utf-8").send({});
}

function authorizeProblem(input: Form): string | null {
  if (input.response_type !== "code") return "unsupported_response_type: response_type must be code";
  if (!input.scope) return "invalid_request: Missing required parameter: scope";
  const unknown = input.scope.split(/\s+/).find((s) => s && !(s in grantable));
  if (unknown) return `invalid_scope: Some requested scopes were invalid. {invalid=[${unknown}]}`;
  const method = input.code_challenge_method;
  if (method !== undefined && method !== "S256" && method !== "plain") {
    return "invalid_request: Invalid code_challenge_method value.";
  }
  if (input.code_challenge !== undefined && !/^[A-Za-z0-9._~-]{43,128}$/.test(input.code_challenge)) {
    return "invalid_request: Invalid code_challenge value.";
  }
  return null;
}

/** The code store checks S256; a `plain` challenge is stored as its S256 so the same check applies. */
function storedChallenge(input: Form): string | null {
  if (!input.code_challenge) return null;
  if (input.code_challenge_method === "S256") return input.code_challenge;
  return createHash("sha256").update(input.code_challenge, "ascii").digest("base64url");
}

function rememberAuthorization(reply: FastifyReply, world: GbpWorld, input: Form): void {
  const location = reply.getHeader("location");
  if (typeof location !== "string") return;
  const code = new URL(location).searchParams.get("code");
  if (!code) return;
  world.authorizations.set(code, {
    offline: input.access_type === "offline",
    forceConsent: (input.prompt ?? "").split(/\s+/).includes("consent"),
  });
}

interface OAuthDeps {
  state: SimState;
  world: GbpWorld;
  keys: SigningKeys;
}

function exchangeCode(reply: FastifyReply, deps: OAuthDeps, form: Form) {
  const { state, world } = deps;
  if (!form.code) return oauthError(reply, 400, "invalid_request", "Missing required parameter: code");
  const extras = world.authorizations.get(form.code);
  world.authorizations.delete(form.code);
  const check = state.codes.consume(form.code, {
    platform: "gbp",
    clientId: form.client_id ?? "",
    redirectUri: form.redirect_uri ?? "",
    codeVerifier: form.code_verifier ?? null,
  });
  if (!check.ok) {
    if (check.reason === "redirect_mismatch")
      return oauthError(reply, 400, "redirect_uri_mismatch", "Bad Request");
    if (check.reason === "pkce_failed") {
      const why = form.code_verifier ? "Invalid code verifier." : "Missing code verifier.";
      return oauthError(reply, 400, "invalid_grant", why);
    }
    return oauthError(
      reply,
      400,
      "invalid_grant",
      check.reason === "invalid" ? "Malformed auth code." : "Bad Request",
    );
  }
  const { userId, clientId, scopes } = check.record;
  const grantKey = `${clientId}:${userId}`;
  const withRefresh =
    (extras?.offline ?? false) && (extras?.forceConsent || !world.offlineGrants.has(grantKey));
  if (extras?.offline) world.offlineGrants.add(grantKey);
  const lifetime = lifetimeOf(state.settings, "gbp");
  const grant = state.tokens.issue({
    platform: "gbp",
    userId,
    clientId,
    scopes,
    accessTtlSeconds: lifetime.accessTtlSeconds,
    refreshToken: withRefresh ? { ttlSeconds: lifetime.refreshTtlSeconds } : null,
  });
  return reply.type("application/json; charset=utf-8").send(tokenAnswer(grant, deps));
}

/** Google does not rotate: the answer carries a new access token and no refresh token. */
function refresh(reply: FastifyReply, deps: OAuthDeps, form: Form) {
  const { state } = deps;
  const lifetime = lifetimeOf(state.settings, "gbp");
  const outcome = state.tokens.refresh(form.refresh_token ?? "", {
    clientId: form.client_id ?? "",
    rotate: false,
    accessTtlSeconds: lifetime.accessTtlSeconds,
    refreshTtlSeconds: lifetime.refreshTtlSeconds,
  });
  if (!outcome.ok) {
    const why = outcome.reason === "invalid" ? "Bad Request" : "Token has been expired or revoked.";
    return oauthError(reply, 400, "invalid_grant", why);
  }
  const { refreshToken: _kept, ...withoutRefresh } = outcome.grant;
  return reply
    .type("application/json; charset=utf-8")
    .send(tokenAnswer({ ...withoutRefresh, refreshToken: null }, deps));
}

function tokenAnswer(grant: Grant, deps: OAuthDeps): Record<string, unknown> {
  const now = deps.state.now();
  const access = grant.accessToken;
  const expiresIn =
    access.expiresAt === null ? 3599 : Math.max(1, Math.floor((access.expiresAt - now) / 1000));
  return {
    access_token: access.token,
    expires_in: expiresIn,
    ...(grant.refreshToken ? { refresh_token: grant.refreshToken.token } : {}),
    scope: access.scopes.join(" "),
    token_type: "Bearer",
    ...(access.scopes.includes("openid") ? { id_token: idToken(grant, deps, now) } : {}),
  };
}

function idToken(grant: Grant, deps: OAuthDeps, now: number): string {
  const user = deps.world.user(grant.accessToken.userId);
  const withEmail = grant.accessToken.scopes.includes("https://www.googleapis.com/auth/userinfo.email");
  const iat = Math.floor(now / 1000);
  return signJwt(deps.keys, {
    iss: "https://accounts.google.com",
    azp: grant.accessToken.clientId,
    aud: grant.accessToken.clientId,
    sub: grant.accessToken.userId,
    ...(withEmail && user ? { email: user.email, email_verified: true } : {}),
    iat,
    exp: iat + 3600,
  });
}

function clientFromBasicAuth(request: FastifyRequest): Form {
  const header = request.headers.authorization;
  if (typeof header !== "string" || !/^Basic /i.test(header)) return {};
  const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  const index = decoded.indexOf(":");
  if (index < 0) return {};
  return {
    client_id: decodeURIComponent(decoded.slice(0, index)),
    client_secret: decodeURIComponent(decoded.slice(index + 1)),
  };
}

function oauthError(reply: FastifyReply, status: number, error: string, description: string) {
  return reply
    .code(status)
    .type("application/json; charset=utf-8")
    .send({ error, error_description: description });
}

function errorPage(message: string): string {
  return `<!doctype html><html><body><h1>Google (platform-sim)</h1><p>Error 400: ${message.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}</p></body></html>`;
}
