import type { OAuthAppConfig } from "../core/index";

/** Google Business Profile's app settings: a Google OAuth client with the Business Profile APIs approved. */
export interface GbpConfig extends OAuthAppConfig {
  /** BCP-47 language of the local posts (`languageCode` on every post); "en" by default */
  languageCode: string;
  /**
   * The audience configured on the Pub/Sub push subscription's OIDC token. Null: no push subscription is
   * trusted, and every delivery is refused (unauthenticated push must not be accepted).
   */
  pubsubAudience: string | null;
  /** The push subscription's service account; when set, the token's `email` must be it (and verified). */
  pubsubServiceAccountEmail: string | null;
  /** page size of the account and location listings (Google's maxima when absent: 20 and 100); tests go small */
  pageSize?: number;
}

/**
 * `business.manage` is what every Business Profile call needs. `openid` and `email` identify the Google user
 * (`sub` from OIDC userinfo), so a reconnect finds the same connection; the connector always asks for `openid`.
 */
export const defaultGbpScopes: readonly string[] = [
  "https://www.googleapis.com/auth/business.manage",
  "openid",
  "email",
];

/** Either grants the Business Profile APIs; the older name is still accepted by Google. */
export const businessScopes: readonly string[] = [
  "https://www.googleapis.com/auth/business.manage",
  "https://www.googleapis.com/auth/plus.business.manage",
];

export const defaultGbpSettings = {
  languageCode: "en",
  pubsubAudience: null,
  pubsubServiceAccountEmail: null,
} as const satisfies Pick<GbpConfig, "languageCode" | "pubsubAudience" | "pubsubServiceAccountEmail">;

export const gbpUrls = {
  authorize: "https://accounts.google.com/o/oauth2/v2/auth",
  token: "https://oauth2.googleapis.com/token",
  revoke: "https://oauth2.googleapis.com/revoke",
  userinfo: "https://openidconnect.googleapis.com/v1/userinfo",
  certs: "https://www.googleapis.com/oauth2/v3/certs",
  accountManagement: "https://mybusinessaccountmanagement.googleapis.com/v1",
  businessInformation: "https://mybusinessbusinessinformation.googleapis.com/v1",
  v4: "https://mybusiness.googleapis.com/v4",
  performance: "https://businessprofileperformance.googleapis.com/v1",
} as const;

/** Google's page-size maxima: accounts.list 20, locations.list 100, localPosts.list 100. */
export const maxPageSizes = { accounts: 20, locations: 100, localPosts: 100 } as const;

/** `summary` limit (Postiz's maxLength and the Business Profile help; unconfirmed in the API reference). */
export const summaryMaxLength = 1500;
/** Postiz sends one media item and the Business Profile UI shows one per post; see docs/gbp.md. */
export const maxMediaItems = 1;

/** Google's per-project window is 300 requests a minute; without a Retry-After, wait the window out. */
export const rateLimitWindowMs = 60_000;
