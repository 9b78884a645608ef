import type { OAuthAppConfig, PollingConfig } from "../core/index";

export interface MetaConfig extends OAuthAppConfig, PollingConfig {
  /** the pinned Graph API version, e.g. "v26.0"; Meta retires each about two years after release */
  graphVersion: string;
  /** the string Meta echoes in `hub.verify_token` when the webhook callback is saved */
  webhookVerifyToken: string;
  /** Pages per `/me/accounts` request (Graph allows up to 100; default 100) */
  accountsPageSize?: number;
  /** a Facebook Login for Business configuration id, sent as `config_id` instead of `scope` */
  loginConfigId?: string;
}

/**
 * What POSTD asks for: list Pages and publish on them (video included), read post insights, and publish, read
 * insights of and delete Instagram media through the Page. `business_management` lets business-owned Pages show.
 */
export const defaultMetaScopes: readonly string[] = [
  "pages_show_list",
  "pages_read_engagement",
  "pages_manage_posts",
  "publish_video",
  "read_insights",
  "business_management",
  "instagram_basic",
  "instagram_content_publish",
  "instagram_manage_insights",
  "instagram_manage_contents",
];

/** Without these (when asked for), the connection cannot do its job: declining one fails the connection. */
export const publishingPermissions: readonly string[] = [
  "pages_show_list",
  "pages_read_engagement",
  "pages_manage_posts",
  "instagram_basic",
  "instagram_content_publish",
];

export function graphBaseUrl(config: MetaConfig): string {
  return `https://graph.facebook.com/${config.graphVersion}`;
}
