import type { SimPlatformFactory } from "../../core/platform-module";
import { registerAccountRoutes } from "./account-routes";
import { registerActionRoutes } from "./action-routes";
import { apiHosts, registerNotFound } from "./api-route";
import { registerCampaignRoutes } from "./campaign-routes";
import { installConcurrencyLimit } from "./guard";
import { loginHost, registerOAuthRoutes } from "./oauth-routes";
import { registerReportRoutes } from "./report-routes";
import { mailchimpTime } from "./views";
import { buildMailchimpWebhook } from "./webhook";
import { MailchimpWorld } from "./world";

/**
 * Emulated Mailchimp: OAuth and the metadata lookup on login.mailchimp.com, the Marketing API v3.0 on each seeded
 * data center's host (a token works only on its user's), audiences, the campaign flow (create, content,
 * checklist, send/schedule with the async sending → sent step), reports, the 10-connection limit, and
 * form-encoded audience webhooks (optionally signed).
 */
export const createMailchimpSim: SimPlatformFactory = ({ state }) => {
  const world = new MailchimpWorld(state);
  return {
    platform: "mailchimp",
    hosts: [loginHost, ...apiHosts],
    async register(app) {
      installConcurrencyLimit(app, state, apiHosts);
      registerOAuthRoutes(app, state, world);
      registerAccountRoutes(app, state, world);
      registerCampaignRoutes(app, state, world);
      registerActionRoutes(app, state, world);
      registerReportRoutes(app, state, world);
      registerNotFound(app, { state, world });
    },
    reset: () => world.reset(),
    describe: () => ({
      users: world.users.map((u) => ({ userId: u.userId, dc: u.dc, accountName: u.accountName })),
      lists: world.lists.map((l) => ({
        id: l.id,
        userId: l.userId,
        name: l.name,
        memberCount: l.memberCount,
      })),
      campaigns: [...world.campaigns.values()].map((c) => ({
        id: c.id,
        userId: c.userId,
        listId: c.listId,
        status: c.status,
        title: c.settings.title,
        subject: c.settings.subject_line,
        hasContent: c.html !== null,
        createTime: mailchimpTime(c.createTime),
        sendTime: mailchimpTime(c.sendTime),
      })),
    }),
    buildWebhook: (request) => buildMailchimpWebhook(state, world, request),
  };
};
