/** A seeded LinkedIn member; `sub` is the id behind `urn:li:person:{sub}`. */
export interface LinkedInMember {
  sub: string;
  givenName: string;
  familyName: string;
  email: string;
}

export interface LinkedInOrganization {
  id: number;
  localizedName: string;
  vanityName: string;
}

export type OrganizationRole =
  | "ADMINISTRATOR"
  | "CONTENT_ADMIN"
  | "DIRECT_SPONSORED_CONTENT_POSTER"
  | "ANALYST"
  | "RECRUITING_POSTER"
  | "LEAD_GEN_FORMS_MANAGER";

export interface OrganizationAcl {
  roleAssignee: string;
  organization: string;
  role: OrganizationRole;
  state: "APPROVED" | "REQUESTED" | "REJECTED" | "REVOKED";
}

export const personUrn = (sub: string) => `urn:li:person:${sub}`;
export const organizationUrn = (id: number) => `urn:li:organization:${id}`;

/**
 * Ada administers three organizations (paging with small counts), is CONTENT_ADMIN of a fourth, a sponsored
 * content poster of a fifth and has a pending request on a sixth; Bob administers none.
 */
export function seedLinkedIn() {
  const members: LinkedInMember[] = [
    { sub: "x7Ada01Lv", givenName: "Ada", familyName: "Lovelace", email: "ada@example.test" },
    { sub: "q2Bob02Bd", givenName: "Bob", familyName: "Builder", email: "bob@example.test" },
  ];
  const organizations: LinkedInOrganization[] = [
    { id: 1001, localizedName: "Analytical Engines Ltd", vanityName: "analytical-engines" },
    { id: 1002, localizedName: "Difference Works", vanityName: "difference-works" },
    { id: 1003, localizedName: "Lovelace Labs", vanityName: "lovelace-labs" },
    { id: 1004, localizedName: "Byron Poetry Society", vanityName: "byron-poetry" },
    { id: 1005, localizedName: "Babbage Ads", vanityName: "babbage-ads" },
    { id: 1006, localizedName: "Pending Org", vanityName: "pending-org" },
  ];
  const ada = personUrn("x7Ada01Lv");
  const acl = (id: number, role: OrganizationRole, state: OrganizationAcl["state"] = "APPROVED") => ({
    roleAssignee: ada,
    organization: organizationUrn(id),
    role,
    state,
  });
  const acls: OrganizationAcl[] = [
    acl(1001, "ADMINISTRATOR"),
    acl(1002, "ADMINISTRATOR"),
    acl(1003, "ADMINISTRATOR"),
    acl(1004, "CONTENT_ADMIN"),
    acl(1005, "DIRECT_SPONSORED_CONTENT_POSTER"),
    acl(1006, "ADMINISTRATOR", "REQUESTED"),
  ];
  return { members, organizations, acls };
}
