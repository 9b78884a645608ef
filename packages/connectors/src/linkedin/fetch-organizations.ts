import { z } from "zod";
import { type ConnectorError, isConnectorError, type PlatformAccount } from "../core/index";
import { defaultPageSize } from "./config";
import type { LinkedInContext } from "./context";
import { parseBody, restRequest } from "./rest-request";

/**
 * Roles that may publish organic posts as the organization. DIRECT_SPONSORED_CONTENT_POSTER is left out: it may
 * only create sponsored ("dark") posts, which POSTD does not make.
 */
export const postingRoles = ["ADMINISTRATOR", "CONTENT_ADMIN"] as const;
export type PostingRole = (typeof postingRoles)[number];

const AclPage = z.object({
  elements: z.array(
    z.looseObject({ organization: z.string(), role: z.string(), state: z.string().optional() }),
  ),
  paging: z.looseObject({ start: z.number().optional(), total: z.number().optional() }).optional(),
});

const Organization = z.looseObject({
  id: z.number().optional(),
  localizedName: z.string().optional(),
  vanityName: z.string().optional(),
});

/** Every organization the member may post for (approved ADMINISTRATOR or CONTENT_ADMIN), first role wins. */
export async function fetchOrganizations(
  context: LinkedInContext,
  accessToken: string,
): Promise<PlatformAccount[]> {
  const roles = new Map<string, PostingRole>();
  for (const role of postingRoles) {
    for (const urn of await fetchAclOrganizationsOrNone(context, accessToken, role)) {
      if (!roles.has(urn)) roles.set(urn, role);
    }
  }
  const accounts: PlatformAccount[] = [];
  for (const [urn, role] of roles) {
    const id = urn.slice(urn.lastIndexOf(":") + 1);
    const details = await fetchOrganization(context, accessToken, id);
    accounts.push({
      externalId: urn,
      name: details?.localizedName ?? `Organization ${id}`,
      kind: "linkedin_organization",
      accessToken: null,
      metadata: {
        role,
        organizationId: id,
        ...(details?.vanityName ? { vanityName: details.vanityName } : {}),
      },
    });
  }
  return accounts;
}

/**
 * A member who did not grant the organization scopes (or whose app lacks Community Management access) gets a 403
 * here: they simply have no organizations to post for, so the member account alone is returned.
 */
async function fetchAclOrganizationsOrNone(
  context: LinkedInContext,
  accessToken: string,
  role: PostingRole,
): Promise<string[]> {
  try {
    return await fetchAclOrganizations(context, accessToken, role);
  } catch (error) {
    if (isConnectorError(error) && error.kind === "permission_denied") return [];
    throw error;
  }
}

/** `organizationAcls?q=roleAssignee`, followed with start/count until `paging.total` is reached. */
async function fetchAclOrganizations(
  context: LinkedInContext,
  accessToken: string,
  role: PostingRole,
): Promise<string[]> {
  const count = context.config.pageSize ?? defaultPageSize;
  const found: string[] = [];
  for (let start = 0; ; ) {
    const response = await restRequest(context, {
      operation: "accounts.organization_acls",
      method: "GET",
      path: "/rest/organizationAcls",
      query: { q: "roleAssignee", role, state: "APPROVED", start, count },
      accessToken,
      restliMethod: "FINDER",
    });
    const page = parseBody(AclPage, response, "accounts.organization_acls");
    for (const element of page.elements) {
      if (element.role === role && (element.state ?? "APPROVED") === "APPROVED")
        found.push(element.organization);
    }
    start += page.elements.length;
    const total = page.paging?.total;
    const more = total === undefined ? page.elements.length === count : start < total;
    if (!more || page.elements.length === 0) return found;
  }
}

/** The organization's name; a 403/404 on one organization leaves a placeholder name rather than failing all. */
async function fetchOrganization(
  context: LinkedInContext,
  accessToken: string,
  id: string,
): Promise<z.infer<typeof Organization> | null> {
  try {
    const response = await restRequest(context, {
      operation: "accounts.organization",
      method: "GET",
      path: `/rest/organizations/${encodeURIComponent(id)}`,
      accessToken,
    });
    return parseBody(Organization, response, "accounts.organization");
  } catch (error) {
    if (isConnectorError(error) && isMissingOrHidden(error)) return null;
    throw error;
  }
}

function isMissingOrHidden(error: ConnectorError): boolean {
  return error.httpStatus === 403 || error.httpStatus === 404;
}
