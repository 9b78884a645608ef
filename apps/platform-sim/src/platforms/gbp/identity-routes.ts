import type { FastifyInstance } from "fastify";
import type { SimState } from "../../state/sim-state";
import type { SigningKeys } from "./signing";
import type { GbpWorld } from "./world";

const emailScope = "https://www.googleapis.com/auth/userinfo.email";
const profileScope = "https://www.googleapis.com/auth/userinfo.profile";

/** OIDC userinfo on openidconnect.googleapis.com and the signing keys (JWKS) on www.googleapis.com. */
export function registerIdentityRoutes(
  app: FastifyInstance,
  state: SimState,
  world: GbpWorld,
  keys: SigningKeys,
) {
  app.get("/openidconnect.googleapis.com/v1/userinfo", async (request, reply) => {
    const header = request.headers.authorization;
    const token = typeof header === "string" && /^Bearer /i.test(header) ? header.slice(7).trim() : "";
    const check = state.tokens.checkAccess(token);
    const json = (status: number, body: unknown) =>
      reply.code(status).type("application/json; charset=utf-8").send(body);
    if (!check.ok || check.record.platform !== "gbp") {
      reply.header("www-authenticate", 'Bearer realm="https://accounts.google.com/", error="invalid_token"');
      return json(401, { error: "invalid_request", error_description: "Invalid Credentials" });
    }
    const { scopes, userId } = check.record;
    const user = world.user(userId);
    if (!user || !scopes.includes("openid")) {
      return json(403, { error: "insufficient_scope", error_description: "Insufficient Permission" });
    }
    return json(200, {
      sub: user.sub,
      ...(scopes.includes(profileScope)
        ? { name: user.name, given_name: user.givenName, family_name: user.familyName }
        : {}),
      ...(scopes.includes(emailScope) ? { email: user.email, email_verified: true } : {}),
    });
  });

  app.get("/www.googleapis.com/oauth2/v3/certs", async (_request, reply) =>
    reply
      .header("cache-control", "public, max-age=21600, must-revalidate, no-transform")
      .type("application/json; charset=UTF-8")
      .send({ keys: keys.keys.map((key) => key.jwk) }),
  );
}
