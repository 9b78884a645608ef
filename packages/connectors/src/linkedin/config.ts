import type { OAuthAppConfig, PollingConfig } from "../core/index";

export interface LinkedInConfig extends OAuthAppConfig, PollingConfig {
  /**
   * The `LinkedIn-Version` header, `YYYYMM` (e.g. "202606"). LinkedIn keeps a version for about a year, then
   * answers 426 NONEXISTENT_VERSION: move `LINKEDIN_API_VERSION` forward before that.
   */
  apiVersion: string;
  /** webhooks are signed with the app's clientSecret; there is no separate webhook secret */
  webhookClientSecret?: never;
  /** page size of the Rest.li finders (organization ACLs, posts); 50 when absent, tests use small values */
  pageSize?: number;
}

/**
 * What POSTD asks for: sign-in (OIDC), posting as the member and as organizations, reading organization posts
 * (to settle unknown outcomes), organization ACLs and statistics, and member post analytics. The last three need
 * Community Management / partner approval on the LinkedIn app.
 */
export const defaultLinkedInScopes: readonly string[] = [
  "openid",
  "profile",
  "w_member_social",
  "w_organization_social",
  "r_organization_social",
  "rw_organization_admin",
  "r_member_postAnalytics",
];

export const linkedInHosts = {
  api: "https://api.linkedin.com",
  oauth: "https://www.linkedin.com/oauth/v2",
  feedUpdate: "https://www.linkedin.com/feed/update",
} as const;

/** Commentary limit, counted on the user's text before little-text escaping (see docs/linkedin.md). */
export const commentaryMaxLength = 3000;
export const maxImages = 20;
export const defaultPageSize = 50;
