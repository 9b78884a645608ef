import type { FastifyInstance } from "fastify";
import type { SimState } from "../../state/sim-state";
import { type ApiCall, apiRoute } from "./api-route";
import { isQuarterHour } from "./campaign-rules";
import { mailchimpProblems, sendProblem } from "./problem";
import { checklist } from "./send-checklist";
import type { MailchimpWorld, StoredCampaign } from "./world";

type CampaignAction = (campaign: StoredCampaign, call: ApiCall) => unknown;

/** The send checklist, send now, schedule (quarter-hour rule) and unschedule. */
export function registerActionRoutes(app: FastifyInstance, state: SimState, world: MailchimpWorld): void {
  const route = (method: "GET" | "POST", path: string, act: CampaignAction) =>
    apiRoute(
      app,
      { state, world },
      {
        method,
        path: `/campaigns/:campaignId${path}`,
        handler: (call) => {
          const campaign = world.campaignOf(call.user.userId, call.params.campaignId ?? "");
          if (!campaign) return sendProblem(call.reply, mailchimpProblems.notFound());
          world.advance(campaign, { polled: false });
          return act(campaign, call);
        },
      },
    );
  route("GET", "/send-checklist", (campaign) => {
    const items = checklist(campaign, world);
    return { is_ready: !items.some((i) => i.type === "error"), items, _links: [] };
  });
  route("POST", "/actions/send", (campaign, { reply }) => {
    const refusal = sendRefusal(campaign, world);
    if (refusal) return sendProblem(reply, mailchimpProblems.badRequest(refusal));
    world.startSending(campaign);
    return reply.code(204).send();
  });
  route("POST", "/actions/schedule", (campaign, call) => schedule(state, world, campaign, call));
  route("POST", "/actions/unschedule", (campaign, { reply }) => {
    if (campaign.status !== "schedule") {
      return sendProblem(reply, mailchimpProblems.badRequest("This campaign is not scheduled."));
    }
    campaign.status = "save";
    campaign.sendTime = null;
    return reply.code(204).send();
  });
}

/** `{schedule_time}`: a valid ISO time, on the quarter-hour, in the future, for a campaign ready to send. */
function schedule(
  state: SimState,
  world: MailchimpWorld,
  campaign: StoredCampaign,
  { body, reply }: ApiCall,
) {
  const raw = typeof body.schedule_time === "string" ? body.schedule_time : "";
  const time = new Date(raw);
  const fieldError = (message: string) =>
    sendProblem(reply, mailchimpProblems.invalidResource([{ field: "schedule_time", message }]));
  if (!raw || Number.isNaN(time.getTime()))
    return fieldError("This value should be a valid ISO 8601 date-time.");
  if (!isQuarterHour(time)) {
    return fieldError("Campaigns may only be scheduled on the quarter-hour (:00, :15, :30, :45).");
  }
  if (time.getTime() <= state.now()) return fieldError("The schedule time must be in the future.");
  const refusal = sendRefusal(campaign, world);
  if (refusal) return sendProblem(reply, mailchimpProblems.badRequest(refusal));
  campaign.status = "schedule";
  campaign.sendTime = time.getTime();
  return reply.code(204).send();
}

/** Why `actions/send` (or schedule) is refused, or null when the campaign may go. */
function sendRefusal(campaign: StoredCampaign, world: MailchimpWorld): string | null {
  if (campaign.status === "sent" || campaign.status === "sending")
    return "This campaign has already been sent.";
  if (campaign.status === "schedule") return "This campaign is scheduled; unschedule it first.";
  if (campaign.status === "canceled") return "This campaign was canceled.";
  if (checklist(campaign, world).some((item) => item.type === "error"))
    return "Your Campaign is not ready to send.";
  return null;
}
