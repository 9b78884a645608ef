import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { handleAuthorize } from "../../core/consent";
import { lifetimeOf } from "../../state/settings";
import type { SimState } from "../../state/sim-state";
import { tokenOf } from "./guard";
import type { MailchimpWorld } from "./world";

export const loginHost = "login.mailchimp.com";

type Form = Record<string, string | undefined>;

/**
 * OAuth on login.mailchimp.com: the consent page (no scopes: a token has the whole account), the token endpoint
 * (`expires_in: 0`, `scope: null`, no refresh token) and the metadata endpoint that names the data center,
 * which answers 200 `{"error":"invalid_token"}` for a bad token.
 */
export function registerOAuthRoutes(app: FastifyInstance, state: SimState, world: MailchimpWorld): void {
  const authorize = async (request: FastifyRequest, reply: FastifyReply) => {
    const query = request.query as Form;
    if (query.response_type !== "code") {
      return reply.code(400).type("text/html").send("<p>response_type must be code</p>");
    }
    return handleAuthorize(request, reply, state, {
      platform: "mailchimp",
      clientId: query.client_id,
      redirectUri: query.redirect_uri,
      state: query.state,
      scopes: [],
      codeChallenge: null,
      users: world.users.map((u) => ({ id: u.userId, name: `${u.accountName} (${u.loginName})` })),
    });
  };
  app.get(`/${loginHost}/oauth2/authorize`, authorize);
  app.post(`/${loginHost}/oauth2/authorize`, authorize);

  app.post(`/${loginHost}/oauth2/token`, async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    const client = state.apps.mailchimp;
    if (form.client_id !== client.clientId || form.client_secret !== client.clientSecret) {
      return reply
        .code(401)
        .send({ error: "invalid_client", error_description: "Invalid client credentials" });
    }
    if (form.grant_type !== "authorization_code") {
      return reply
        .code(400)
        .send({ error: "unsupported_grant_type", error_description: "Only authorization_code is supported" });
    }
    const check = state.codes.consume(form.code ?? "", {
      platform: "mailchimp",
      clientId: form.client_id,
      redirectUri: form.redirect_uri ?? "",
    });
    if (!check.ok) {
      return reply
        .code(400)
        .send({ error: "invalid_grant", error_description: `Invalid authorization code (${check.reason})` });
    }
    const lifetime = lifetimeOf(state.settings, "mailchimp");
    const grant = state.tokens.issue({
      platform: "mailchimp",
      userId: check.record.userId,
      clientId: check.record.clientId,
      scopes: [],
      accessTtlSeconds: lifetime.accessTtlSeconds,
      refreshToken: null,
    });
    const expiresAt = grant.accessToken.expiresAt;
    return reply.send({
      access_token: grant.accessToken.token,
      // Mailchimp's tokens do not expire and it says so with 0; a lifetime set on the sim is reported as is
      expires_in: expiresAt === null ? 0 : Math.round((expiresAt - state.now()) / 1000),
      scope: null,
    });
  });

  app.get(`/${loginHost}/oauth2/metadata`, async (request, reply) => {
    const check = state.tokens.checkAccess(tokenOf(request.headers.authorization, ["oauth"]));
    const user =
      check.ok && check.record.platform === "mailchimp" ? world.user(check.record.userId) : undefined;
    if (!user) return reply.send({ error: "invalid_token" });
    return reply.send({
      dc: user.dc,
      role: user.role,
      accountname: user.accountName,
      user_id: Number(user.userId),
      login: {
        email: user.email,
        avatar: null,
        login_id: Number(user.userId),
        login_name: user.loginName,
        login_email: user.email,
      },
      login_url: "https://login.mailchimp.com",
      api_endpoint: `https://${user.dc}.api.mailchimp.com`,
    });
  });
}
