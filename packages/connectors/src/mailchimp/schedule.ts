import { type AccountAccess, ConnectorError } from "../core/index";
import type { MailchimpContext } from "./context";
import { callMailchimp, resolveApiTarget } from "./mailchimp-api";

/**
 * Mailchimp's own scheduling (`capabilities.nativeScheduling`). The pipeline schedules everything itself and
 * never calls this; it is here for callers who want Mailchimp to hold the send. Times must fall on the
 * quarter-hour (:00, :15, :30, :45, whole minutes) and lie in the future; anything else is refused before any call.
 */
export async function scheduleMailchimpCampaign(
  context: MailchimpContext,
  access: AccountAccess,
  input: { campaignId: string; at: Date },
): Promise<void> {
  const operation = "schedule.schedule";
  const problem = scheduleTimeProblem(input.at, context.deps.clock.now());
  if (problem) {
    throw new ConnectorError({
      kind: "invalid_request",
      platform: "mailchimp",
      platformCode: "invalid_schedule_time",
      message: `${operation}: ${problem}`,
    });
  }
  const target = await resolveApiTarget(context, access, operation);
  await callMailchimp(context, target, {
    operation,
    method: "POST",
    path: `/campaigns/${encodeURIComponent(input.campaignId)}/actions/schedule`,
    json: { schedule_time: input.at.toISOString().replace(/\.\d{3}Z$/, "+00:00") },
  });
}

/** `POST …/actions/unschedule` → 204: the campaign is a draft again. */
export async function unscheduleMailchimpCampaign(
  context: MailchimpContext,
  access: AccountAccess,
  campaignId: string,
): Promise<void> {
  const operation = "schedule.unschedule";
  const target = await resolveApiTarget(context, access, operation);
  await callMailchimp(context, target, {
    operation,
    method: "POST",
    path: `/campaigns/${encodeURIComponent(campaignId)}/actions/unschedule`,
  });
}

export function scheduleTimeProblem(at: Date, now: number): string | null {
  if (Number.isNaN(at.getTime())) return "the schedule time is not a valid date";
  if (at.getUTCMinutes() % 15 !== 0 || at.getUTCSeconds() !== 0 || at.getUTCMilliseconds() !== 0) {
    return `Mailchimp schedules on the quarter-hour only (:00, :15, :30, :45); ${at.toISOString()} is not`;
  }
  if (at.getTime() <= now) return `the schedule time ${at.toISOString()} is not in the future`;
  return null;
}
