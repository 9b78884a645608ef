import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { SimState } from "../../state/sim-state";
import { linkedInErrors, sendError } from "./errors";
import { guardRest, guardToken, requireScope } from "./guard";
import { organizationUrn, personUrn } from "./seed";
import type { LinkedInWorld } from "./world";

/** userinfo (OIDC, on /v2), organization ACLs and organizations. */
export function registerProfileRoutes(app: FastifyInstance, state: SimState, world: LinkedInWorld): void {
  app.get("/api.linkedin.com/v2/userinfo", (request, reply) => userInfo(request, reply, state, world));
  app.get("/api.linkedin.com/rest/organizationAcls", (request, reply) =>
    organizationAcls(request, reply, state, world),
  );

  app.get("/api.linkedin.com/rest/organizations/:id", async (request, reply) => {
    const token = guardRest(request, reply, state);
    if (!token) return reply;
    const { id } = request.params as { id: string };
    const organization = /^\d+$/.test(id) ? world.organization(Number(id)) : undefined;
    if (!organization) return sendError(reply, linkedInErrors.notFound(`Organization ${id} not found`));
    return {
      id: organization.id,
      $URN: organizationUrn(organization.id),
      localizedName: organization.localizedName,
      vanityName: organization.vanityName,
      name: {
        localized: { en_US: organization.localizedName },
        preferredLocale: { country: "US", language: "en" },
      },
    };
  });
}

/** OIDC userinfo: `sub` always; names with `profile`; the address with `email`. */
async function userInfo(request: FastifyRequest, reply: FastifyReply, state: SimState, world: LinkedInWorld) {
  const token = guardToken(request, reply, state);
  if (!token || !requireScope(reply, token, ["openid"], "userinfo.GET.NO_VERSION")) return reply;
  const member = world.member(token.userId);
  if (!member) return sendError(reply, linkedInErrors.notFound("Member not found"));
  const withProfile = token.scopes.includes("profile");
  const withEmail = token.scopes.includes("email");
  return {
    sub: member.sub,
    ...(withProfile
      ? {
          name: `${member.givenName} ${member.familyName}`,
          given_name: member.givenName,
          family_name: member.familyName,
          picture: `https://media.licdn.com/dms/image/${member.sub}/profile.jpg`,
          locale: { country: "US", language: "en" },
        }
      : {}),
    ...(withEmail ? { email: member.email, email_verified: true } : {}),
  };
}

/** The `q=roleAssignee` finder over the member's ACLs, filtered by role and state, paged by start/count. */
async function organizationAcls(
  request: FastifyRequest,
  reply: FastifyReply,
  state: SimState,
  world: LinkedInWorld,
) {
  const token = guardRest(request, reply, state);
  if (!token) return reply;
  const scopes = ["rw_organization_admin", "r_organization_admin"];
  if (!requireScope(reply, token, scopes, "organizationAcls.FINDER-roleAssignee")) return reply;
  const query = request.query as Record<string, string | undefined>;
  if (query.q !== "roleAssignee") {
    return sendError(reply, linkedInErrors.badRequest(`Unsupported finder: ${query.q ?? "(none)"}`));
  }
  const matching = world.seed.acls.filter(
    (acl) =>
      acl.roleAssignee === personUrn(token.userId) &&
      (!query.role || acl.role === query.role) &&
      (!query.state || acl.state === query.state),
  );
  const start = Math.max(0, Number(query.start ?? 0) || 0);
  const count = Math.min(100, Math.max(1, Number(query.count ?? 10) || 10));
  return {
    paging: { start, count, total: matching.length, links: [] },
    elements: matching.slice(start, start + count),
  };
}
