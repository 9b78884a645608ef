import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AuthenticateResult } from "../src/index";
import {
  accessOf,
  ada,
  callCount,
  caught,
  emailPost,
  inject,
  type MailchimpHarness,
  mailchimpProblem,
  publishInput,
  simCampaigns,
  simPosts,
  startMailchimpHarness,
} from "./mailchimp-harness";

let harness: MailchimpHarness;
let auth: AuthenticateResult;

beforeAll(async () => {
  harness = await startMailchimpHarness();
});
afterAll(async () => harness.sim.close());
beforeEach(async () => {
  await harness.reset();
  auth = await harness.connect(ada);
});

const publish = (input = publishInput(emailPost()), listId = ada.newsletter) =>
  harness.connector().publish(accessOf(auth, listId), input);

describe("Mailchimp findPost", () => {
  it("not_found when nothing was made; a campaign id that is a draft or gone is not_found too", async () => {
    const find = (progress: Record<string, string>) =>
      harness.connector().findPost(accessOf(auth), { post: emailPost(), progress, since: new Date() });
    expect(await find({})).toEqual({ outcome: "not_found" });
    expect(await find({ campaignId: "0000000000" })).toEqual({ outcome: "not_found" });
    const draft = (await simCampaigns(harness.sim)).find((c) => c.title === "tgt_old_draft");
    expect(await find({ campaignId: draft?.id ?? "" })).toEqual({ outcome: "not_found" });
  });

  it("matches the title exactly, and only campaigns created since the attempt", async () => {
    const find = (since: Date) =>
      harness
        .connector()
        .findPost(accessOf(auth), { post: emailPost({}, { reference: "tgt_seeded" }), progress: {}, since });
    expect(await find(new Date(Date.now() - 3_600_000))).toEqual({ outcome: "not_found" });
    expect(await find(new Date(Date.now() - 4 * 86_400_000))).toMatchObject({ outcome: "found" });
    const prefix = await harness.connector().findPost(accessOf(auth), {
      post: emailPost({}, { reference: "tgt_seed" }),
      progress: {},
      since: new Date(0),
    });
    expect(prefix).toEqual({ outcome: "not_found" });
  });
});

describe("Mailchimp delete, analytics and native scheduling", () => {
  it("deletes a draft; a sent campaign is refused with advice; an unknown one is already gone", async () => {
    await inject(harness.sim, {
      path: "/actions/send",
      action: { type: "respond", status: 500, body: mailchimpProblem(500, "Internal Server Error") },
    });
    const input = publishInput(emailPost());
    await caught(publish(input));
    const draftId = input.progress.campaignId ?? "";
    await harness.connector().deletePost(accessOf(auth), draftId);
    expect((await simCampaigns(harness.sim)).some((c) => c.id === draftId)).toBe(false);
    await harness.connector().deletePost(accessOf(auth), "0000000000");
    const { platformPostId } = await publish(publishInput(emailPost()));
    const error = await caught(harness.connector().deletePost(accessOf(auth), platformPostId));
    expect(error).toMatchObject({ kind: "invalid_request", httpStatus: 400, platformCode: "Bad Request" });
    expect(error.message).toContain("sent campaigns cannot be deleted; archive in Mailchimp");
    expect((await simPosts(harness.sim)).map((p) => p.deleted)).toEqual([false]);
  });

  it("reads the report of a sent campaign; an unsent one has no report (invalid_request)", async () => {
    await harness.sim.control("PUT", "/_sim/settings", { asyncPolls: 0 });
    const { platformPostId } = await publish();
    const metrics = await harness.connector().getPostAnalytics(accessOf(auth), platformPostId);
    expect(metrics).toEqual({ emailsSent: 1240, opens: 1077, reach: 520, clicks: 297 });
    const draft = (await simCampaigns(harness.sim)).find((c) => c.title === "tgt_old_draft");
    const error = await caught(harness.connector().getPostAnalytics(accessOf(auth), draft?.id ?? ""));
    expect(error).toMatchObject({
      kind: "invalid_request",
      httpStatus: 404,
      platformCode: "Resource Not Found",
    });
  });

  it("schedules on the quarter-hour only, and unschedules", async () => {
    await inject(harness.sim, {
      path: "/actions/send",
      action: { type: "respond", status: 500, body: mailchimpProblem(500, "Internal Server Error") },
    });
    const input = publishInput(emailPost());
    await caught(publish(input));
    const campaignId = input.progress.campaignId ?? "";
    const mailchimp = harness.connector();
    const quarter = new Date(Math.ceil((Date.now() + 3_600_000) / 900_000) * 900_000);
    const offQuarter = new Date(quarter.getTime() + 7 * 60_000);
    const refused = await caught(mailchimp.scheduleCampaign(accessOf(auth), campaignId, offQuarter));
    expect(refused).toMatchObject({ kind: "invalid_request", platformCode: "invalid_schedule_time" });
    const past = await caught(
      mailchimp.scheduleCampaign(accessOf(auth), campaignId, new Date(quarter.getTime() - 86_400_000)),
    );
    expect(past.message).toContain("not in the future");
    expect(
      await callCount(harness.sim, "POST us19.api.mailchimp.com/3.0/campaigns/:campaignId/actions/schedule"),
    ).toBe(0);
    await mailchimp.scheduleCampaign(accessOf(auth), campaignId, quarter);
    expect((await simCampaigns(harness.sim)).find((c) => c.id === campaignId)?.status).toBe("schedule");
    await mailchimp.unscheduleCampaign(accessOf(auth), campaignId);
    expect((await simCampaigns(harness.sim)).find((c) => c.id === campaignId)?.status).toBe("save");
    const again = await caught(mailchimp.unscheduleCampaign(accessOf(auth), campaignId));
    expect(again).toMatchObject({ kind: "invalid_request", httpStatus: 400 });
  });

  it("the sim itself refuses an off-quarter schedule_time with a problem naming the field", async () => {
    const draft = (await simCampaigns(harness.sim)).find((c) => c.title === "tgt_old_draft");
    const url = harness.http.resolveUrl(`${ada.apiEndpoint}/3.0/campaigns/${draft?.id}/actions/schedule`);
    const response = await fetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${auth.tokens.accessToken}`, "content-type": "application/json" },
      body: JSON.stringify({ schedule_time: "2099-01-01T10:07:00+00:00" }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(await response.json()).toMatchObject({
      type: "https://mailchimp.com/developer/marketing/docs/errors/",
      title: "Invalid Resource",
      status: 400,
      errors: [{ field: "schedule_time", message: expect.stringContaining("quarter-hour") }],
    });
  });
});
