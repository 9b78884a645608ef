import type { OAuthAppConfig } from "../core/index";

export interface MailchimpConfig extends OAuthAppConfig {
  /**
   * How far an `X-Mailchimp-Signature` `t=` may be from now, either way, in seconds (default 300). Only the
   * optional signed mode has a timestamp; unsigned deliveries are protected by the secret in the webhook URL.
   */
  webhookToleranceSeconds: number;
  /** page size for audience and campaign listings (default 100; Mailchimp allows up to 1,000); tests use small */
  pageSize?: number;
  /** read the send checklist before sending and refuse with its errors (default true) */
  checkBeforeSend?: boolean;
}

/** Mailchimp has no scopes: a token reaches the whole account of the user who consented. */
export const defaultMailchimpScopes: readonly string[] = [];

export const defaultMailchimpSettings = {
  webhookToleranceSeconds: 300,
  pageSize: 100,
  checkBeforeSend: true,
} as const;

export const mailchimpHosts = {
  login: "https://login.mailchimp.com",
} as const;

export const mailchimpUrls = {
  authorize: `${mailchimpHosts.login}/oauth2/authorize`,
  token: `${mailchimpHosts.login}/oauth2/token`,
  metadata: `${mailchimpHosts.login}/oauth2/metadata`,
} as const;

/** The only shape an `api_endpoint` may have: tokens are sent there, so nothing else is trusted. */
export const apiEndpointPattern = /^https:\/\/[a-z0-9-]+\.api\.mailchimp\.com$/;

/** Mailchimp sends no Retry-After with its 429 (a concurrency limit): wait this long before trying again. */
export const rateLimitBackoffMs = 10_000;

/** The 150-character guidance for subject line and preview text (unconfirmed as a hard limit). */
export const maxSubjectLength = 150;
export const maxPreviewTextLength = 150;
