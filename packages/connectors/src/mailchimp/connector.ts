import type { AccountAccess, Capabilities, Connector, ConnectorDeps } from "../core/index";
import { getMailchimpAccountOptions } from "./account-options";
import { getMailchimpPostAnalytics } from "./analytics";
import { authenticateMailchimp } from "./authenticate";
import { buildMailchimpAuthorizationUrl } from "./authorization-url";
import { defaultMailchimpSettings, type MailchimpConfig } from "./config";
import type { MailchimpContext } from "./context";
import { deleteMailchimpPost } from "./delete-post";
import { fetchMailchimpAccounts } from "./fetch-accounts";
import { findMailchimpPost } from "./find-post";
import { checkMailchimpHealth } from "./health-check";
import { publishMailchimp } from "./publish";
import { scheduleMailchimpCampaign, unscheduleMailchimpCampaign } from "./schedule";
import { refreshMailchimpToken, revokeMailchimp } from "./unsupported";
import { validateMailchimpPost } from "./validate-post";
import { parseMailchimpWebhook } from "./webhook-events";
import { answerMailchimpValidation } from "./webhook-handshake";
import { verifyMailchimpSignature } from "./webhook-signature";

export const mailchimpCapabilities: Capabilities = {
  // a campaign is HTML: images and links go inside it, not as attachments
  mediaKinds: [],
  textOnly: false,
  // tokens never expire; no refresh token is issued
  refresh: false,
  rotatingRefreshTokens: false,
  // no documented revoke endpoint
  revoke: false,
  // drafts only: sent campaigns are refused by Mailchimp (unconfirmed), see docs/mailchimp.md
  delete: true,
  analytics: true,
  findPost: true,
  pkce: false,
  nativeScheduling: true,
  webhooks: true,
};

/** The Connector, plus Mailchimp's own scheduling, which the pipeline does not use. */
export interface MailchimpConnector extends Connector {
  /** `actions/schedule`: `at` must be on the quarter-hour and in the future (else invalid_request, no call) */
  scheduleCampaign(access: AccountAccess, campaignId: string, at: Date): Promise<void>;
  unscheduleCampaign(access: AccountAccess, campaignId: string): Promise<void>;
}

/** Mailchimp audiences through OAuth 2 and the Marketing API v3.0 (a post is an email campaign sent now). */
export function createMailchimpConnector(config: MailchimpConfig, deps: ConnectorDeps): MailchimpConnector {
  const context: MailchimpContext = {
    config: {
      ...config,
      pageSize: Math.min(1000, Math.max(1, Math.floor(config.pageSize ?? defaultMailchimpSettings.pageSize))),
      checkBeforeSend: config.checkBeforeSend ?? defaultMailchimpSettings.checkBeforeSend,
    },
    deps,
  };
  return {
    platform: "mailchimp",
    capabilities: mailchimpCapabilities,
    accountKinds: ["mailchimp_audience"],
    buildAuthorizationUrl: (input) => buildMailchimpAuthorizationUrl(context, input),
    authenticate: (input) => authenticateMailchimp(context, input),
    refreshToken: () => refreshMailchimpToken(),
    revoke: () => revokeMailchimp(),
    fetchAccounts: (access) => fetchMailchimpAccounts(context, access),
    validatePost: (account, post) => validateMailchimpPost(account, post),
    publish: (access, input) => publishMailchimp(context, access, input),
    findPost: (access, input) => findMailchimpPost(context, access, input),
    deletePost: (access, platformPostId) => deleteMailchimpPost(context, access, platformPostId),
    getPostAnalytics: (access, platformPostId) => getMailchimpPostAnalytics(context, access, platformPostId),
    healthCheck: (access) => checkMailchimpHealth(context, access),
    getAccountOptions: (access) => getMailchimpAccountOptions(context, access),
    handleWebhookHandshake: (request) => answerMailchimpValidation(request),
    validateWebhookSignature: async (request, options) =>
      verifyMailchimpSignature(request, {
        secret: options?.secret,
        nowMs: options?.now ?? deps.clock.now(),
        toleranceSeconds: config.webhookToleranceSeconds,
      }),
    parseWebhookEvent: (request) => parseMailchimpWebhook(request, deps.clock.now()),
    scheduleCampaign: (access, campaignId, at) =>
      scheduleMailchimpCampaign(context, access, { campaignId, at }),
    unscheduleCampaign: (access, campaignId) => unscheduleMailchimpCampaign(context, access, campaignId),
  };
}
