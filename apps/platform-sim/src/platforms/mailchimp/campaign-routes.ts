import type { FastifyInstance } from "fastify";
import type { SimState } from "../../state/sim-state";
import { type ApiCall, apiRoute, pageOf, pageProblem } from "./api-route";
import { campaignTypes, readSettings } from "./campaign-rules";
import { projectFields } from "./fields";
import { mailchimpProblems, sendProblem } from "./problem";
import { campaignView } from "./views";
import type { MailchimpWorld, StoredCampaign } from "./world";

/** Campaigns: create, list (filters), read (drives the send state machine), delete, and their content. */
export function registerCampaignRoutes(app: FastifyInstance, state: SimState, world: MailchimpWorld): void {
  const context = { state, world };
  const route = (
    method: "GET" | "POST" | "PUT" | "DELETE",
    path: string,
    handler: (call: ApiCall) => unknown,
  ) => apiRoute(app, context, { method, path, handler });
  route("POST", "/campaigns", (call) => createCampaign(world, call));
  route("GET", "/campaigns", (call) => listCampaigns(world, call));
  route("GET", "/campaigns/:campaignId", ({ user, params, query, reply }) => {
    const campaign = world.campaignOf(user.userId, params.campaignId ?? "");
    if (!campaign) return sendProblem(reply, mailchimpProblems.notFound());
    world.advance(campaign, { polled: true });
    return projectFields(campaignView(campaign, world), query);
  });
  route("DELETE", "/campaigns/:campaignId", ({ user, params, reply }) => {
    const campaign = world.campaignOf(user.userId, params.campaignId ?? "");
    if (!campaign) return sendProblem(reply, mailchimpProblems.notFound());
    world.advance(campaign, { polled: false });
    const refusal = deleteRefusal(campaign);
    if (refusal) return sendProblem(reply, mailchimpProblems.badRequest(refusal));
    world.campaigns.delete(campaign.id);
    return reply.code(204).send();
  });
  route("PUT", "/campaigns/:campaignId/content", (call) => putContent(world, call));
  route("GET", "/campaigns/:campaignId/content", ({ user, params, reply }) => {
    const campaign = world.campaignOf(user.userId, params.campaignId ?? "");
    if (!campaign) return sendProblem(reply, mailchimpProblems.notFound());
    return contentView(campaign);
  });
}

function createCampaign(world: MailchimpWorld, { user, body, reply }: ApiCall) {
  const type = body.type;
  const recipients = (body.recipients ?? {}) as Record<string, unknown>;
  const listId = typeof recipients.list_id === "string" ? recipients.list_id : "";
  const { settings, errors } = readSettings(body.settings);
  if (typeof type !== "string" || !(campaignTypes as readonly string[]).includes(type)) {
    errors.unshift({ field: "type", message: `Value is not one of: ${campaignTypes.join(", ")}` });
  }
  if (listId && world.list(listId)?.userId !== user.userId) {
    errors.push({ field: "recipients.list_id", message: "The requested audience does not exist." });
  }
  if (errors.length > 0) return sendProblem(reply, mailchimpProblems.invalidResource(errors));
  const campaign = world.createCampaign({ userId: user.userId, listId, type: String(type), settings });
  return campaignView(campaign, world);
}

/** Filters `list_id`, `status`, `type`, `since_create_time`; oldest first unless `sort_dir=DESC`. */
function listCampaigns(world: MailchimpWorld, { user, query, reply }: ApiCall) {
  const page = pageOf(query);
  if (!page) return sendProblem(reply, pageProblem());
  const since = query.since_create_time ? Date.parse(query.since_create_time) : null;
  if (Number.isNaN(since)) {
    return sendProblem(
      reply,
      mailchimpProblems.invalidResource([
        { field: "since_create_time", message: "This value should be a valid ISO 8601 date-time." },
      ]),
    );
  }
  const matching = [...world.campaigns.values()]
    .filter((c) => c.userId === user.userId)
    .filter((c) => !query.list_id || c.listId === query.list_id)
    .filter((c) => !query.status || c.status === query.status)
    .filter((c) => !query.type || c.type === query.type)
    .filter((c) => since === null || c.createTime >= since)
    .sort((a, b) => a.createTime - b.createTime);
  if (query.sort_dir?.toUpperCase() === "DESC") matching.reverse();
  const campaigns = matching.slice(page.offset, page.offset + page.count).map((c) => campaignView(c, world));
  return projectFields({ campaigns, total_items: matching.length, _links: [] }, query);
}

function putContent(world: MailchimpWorld, { user, params, body, reply }: ApiCall) {
  const campaign = world.campaignOf(user.userId, params.campaignId ?? "");
  if (!campaign) return sendProblem(reply, mailchimpProblems.notFound());
  if (campaign.status !== "save" && campaign.status !== "paused") {
    return sendProblem(
      reply,
      mailchimpProblems.badRequest(`A campaign that is ${campaign.status} cannot be edited.`),
    );
  }
  const html = typeof body.html === "string" ? body.html : null;
  const plain = typeof body.plain_text === "string" ? body.plain_text : null;
  if (html === null && plain === null && body.url === undefined && body.template === undefined) {
    return sendProblem(
      reply,
      mailchimpProblems.invalidResource([
        { field: "", message: "Provide html, plain_text, url or template content." },
      ]),
    );
  }
  campaign.html = html ?? (plain === null ? "<p>imported</p>" : `<pre>${plain}</pre>`);
  return contentView(campaign);
}

/** Whether Mailchimp lets this campaign go (unconfirmed for sent ones: the sim refuses them, see the docs). */
function deleteRefusal(campaign: StoredCampaign): string | null {
  if (campaign.status === "sent" || campaign.status === "sending") {
    return "This campaign has been sent and cannot be deleted. You can archive it in Mailchimp instead.";
  }
  if (campaign.status === "schedule") return "This campaign is scheduled; unschedule it before deleting it.";
  return null;
}

function contentView(campaign: StoredCampaign) {
  const html = campaign.html ?? "";
  return { plain_text: html.replace(/<[^>]*>/g, "").trim(), html, archive_html: html, _links: [] };
}
