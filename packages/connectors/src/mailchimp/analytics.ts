import { z } from "zod";
import type { AccountAccess, PostMetrics } from "../core/index";
import type { MailchimpContext } from "./context";
import { callMailchimp, resolveApiTarget } from "./mailchimp-api";
import { parseBody } from "./parse-body";

const Report = z.looseObject({
  emails_sent: z.number().optional(),
  opens: z
    .looseObject({ opens_total: z.number().optional(), unique_opens: z.number().optional() })
    .optional(),
  clicks: z.looseObject({ clicks_total: z.number().optional() }).optional(),
});

const reportFields = "emails_sent,opens.opens_total,opens.unique_opens,clicks.clicks_total";

/**
 * `GET /3.0/reports/{campaign_id}` → `emailsSent`, `opens` (every open), `reach` (unique opens: the people who
 * opened it), `clicks` (every click). A campaign that never went out has no report: Mailchimp answers 404, which
 * stays invalid_request (asking again will not make one).
 */
export async function getMailchimpPostAnalytics(
  context: MailchimpContext,
  access: AccountAccess,
  platformPostId: string,
): Promise<PostMetrics> {
  const operation = "analytics.report";
  const target = await resolveApiTarget(context, access, operation);
  const response = await callMailchimp(context, target, {
    operation,
    method: "GET",
    path: `/reports/${encodeURIComponent(platformPostId)}`,
    query: { fields: reportFields },
  });
  const report = parseBody(Report, response, { operation });
  const metrics: PostMetrics = {};
  if (report.emails_sent !== undefined) metrics.emailsSent = report.emails_sent;
  if (report.opens?.opens_total !== undefined) metrics.opens = report.opens.opens_total;
  if (report.opens?.unique_opens !== undefined) metrics.reach = report.opens.unique_opens;
  if (report.clicks?.clicks_total !== undefined) metrics.clicks = report.clicks.clicks_total;
  return metrics;
}
