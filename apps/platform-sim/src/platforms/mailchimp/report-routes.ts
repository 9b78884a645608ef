import type { FastifyInstance } from "fastify";
import type { SimState } from "../../state/sim-state";
import { apiRoute } from "./api-route";
import { projectFields } from "./fields";
import { mailchimpProblems, sendProblem } from "./problem";
import { reportView } from "./views";
import type { MailchimpWorld } from "./world";

/** `GET /reports/{campaign_id}`: only campaigns that began sending have a report; others are 404. */
export function registerReportRoutes(app: FastifyInstance, state: SimState, world: MailchimpWorld): void {
  apiRoute(
    app,
    { state, world },
    {
      method: "GET",
      path: "/reports/:campaignId",
      handler: ({ user, params, query, reply }) => {
        const campaign = world.campaignOf(user.userId, params.campaignId ?? "");
        if (campaign) world.advance(campaign, { polled: false });
        if (!campaign || (campaign.status !== "sent" && campaign.status !== "sending")) {
          return sendProblem(reply, mailchimpProblems.notFound());
        }
        return projectFields(reportView(campaign, world), query);
      },
    },
  );
}
