import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AuthenticateResult } from "../src/index";
import {
  accessOf,
  ada,
  bob,
  callCount,
  caught,
  emailPost,
  endpoints,
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

describe("Mailchimp publish: create → content → checklist → send now", () => {
  it("sends the campaign, saving each id as it exists, and the sim records it", async () => {
    const input = publishInput(emailPost());
    const published = await publish(input);
    const campaigns = (await simCampaigns(harness.sim)).filter((c) => c.title === "tgt_01JMAILCHIMP");
    expect(campaigns).toHaveLength(1);
    const [campaign] = campaigns;
    expect(published).toEqual({
      platformPostId: campaign?.id,
      url: expect.stringMatching(
        new RegExp(`^https://us19\\.campaign-archive\\.com/\\?u=[0-9a-f]+&id=${campaign?.id}$`),
      ),
    });
    expect(campaign).toMatchObject({
      listId: ada.newsletter,
      subject: "Our sourdough is back",
      hasContent: true,
    });
    expect(["sending", "sent"]).toContain(campaign?.status);
    expect(input.saves).toEqual([
      { campaignId: campaign?.id },
      { campaignId: campaign?.id, contentSet: "true" },
    ]);
    const posts = await simPosts(harness.sim);
    expect(posts).toEqual([
      expect.objectContaining({
        accountId: ada.newsletter,
        postId: campaign?.id,
        text: "Our sourdough is back",
      }),
    ]);
    for (const key of [endpoints.create, endpoints.content, endpoints.checklist, endpoints.send]) {
      expect(await callCount(harness.sim, key)).toBe(1);
    }
  });

  it("sending becomes sent after the sim's asyncPolls reads; found either way", async () => {
    await harness.sim.control("PUT", "/_sim/settings", { asyncPolls: 2 });
    const input = publishInput(emailPost());
    const { platformPostId } = await publish(input);
    const find = () =>
      harness
        .connector()
        .findPost(accessOf(auth), { post: emailPost(), progress: input.progress, since: new Date() });
    expect((await simCampaigns(harness.sim)).find((c) => c.id === platformPostId)?.status).toBe("sending");
    expect(await find()).toMatchObject({ outcome: "found", post: { platformPostId } });
    expect((await simCampaigns(harness.sim)).find((c) => c.id === platformPostId)?.status).toBe("sending");
    expect(await find()).toMatchObject({ outcome: "found" });
    expect((await simCampaigns(harness.sim)).find((c) => c.id === platformPostId)?.status).toBe("sent");
  });

  it("Bob's campaign goes to his data center", async () => {
    const bobAuth = await harness.connect(bob);
    const published = await harness
      .connector()
      .publish(accessOf(bobAuth, bob.rideClub), publishInput(emailPost()));
    expect(published.url).toContain("https://us21.campaign-archive.com/");
    expect(await callCount(harness.sim, "POST us21.api.mailchimp.com/3.0/campaigns")).toBe(1);
    expect(await callCount(harness.sim, endpoints.create)).toBe(0);
  });

  it("refuses an invalid post before any call, naming every problem", async () => {
    const error = await caught(
      publish(publishInput(emailPost({ subject: "", replyTo: "not-an-address", html: " " }))),
    );
    expect(error).toMatchObject({ kind: "invalid_request", platformCode: "validation_failed" });
    expect(error.message).toContain("email.subject: required");
    expect(error.message).toContain("email.replyTo: must be an email address");
    expect(error.message).toContain("email.html: required");
    expect(await callCount(harness.sim, endpoints.create)).toBe(0);
    expect(await callCount(harness.sim, endpoints.campaigns)).toBe(0);
  });

  it("the send checklist's errors refuse the send; without the check Mailchimp's own refusal does", async () => {
    const input = publishInput(emailPost());
    const error = await caught(publish(input, ada.emptyAudience));
    expect(error).toMatchObject({
      kind: "invalid_request",
      platformCode: "send_checklist",
      retryable: false,
    });
    expect(error.message).toContain("Subscribers: Your audience has no subscribers.");
    expect(input.progress).toMatchObject({ contentSet: "true" });
    expect(await callCount(harness.sim, endpoints.send)).toBe(0);
    const unchecked = harness.connector({ checkBeforeSend: false });
    const refused = await caught(
      unchecked.publish(accessOf(auth, ada.emptyAudience), publishInput(emailPost())),
    );
    expect(refused).toMatchObject({ kind: "invalid_request", platformCode: "Bad Request", httpStatus: 400 });
    expect(refused.message).toContain("Your Campaign is not ready to send.");
  });
});

describe("Mailchimp publish retries resume and never send twice", () => {
  it("a failure at send leaves the campaign in progress; the retry only sends", async () => {
    await inject(harness.sim, {
      path: "/actions/send",
      action: { type: "respond", status: 500, body: mailchimpProblem(500, "Internal Server Error") },
    });
    const input = publishInput(emailPost());
    expect(await caught(publish(input))).toMatchObject({ kind: "transient", httpStatus: 500 });
    expect(input.progress).toEqual({ campaignId: expect.any(String), contentSet: "true" });
    const published = await publish(input);
    expect(published.platformPostId).toBe(input.progress.campaignId);
    expect(await callCount(harness.sim, endpoints.create)).toBe(1);
    expect(await callCount(harness.sim, endpoints.content)).toBe(1);
    expect(await callCount(harness.sim, endpoints.send)).toBe(2);
    expect(await simPosts(harness.sim)).toHaveLength(1);
  });

  it("a retry of a campaign that already went out returns it without sending", async () => {
    const input = publishInput(emailPost());
    const first = await publish(input);
    const again = await publish(input);
    expect(again).toEqual(first);
    expect(await callCount(harness.sim, endpoints.send)).toBe(1);
    expect(await simPosts(harness.sim)).toHaveLength(1);
  });

  it("a reset after send: unknown_outcome; the sim holds the post and findPost finds it both ways", async () => {
    await inject(harness.sim, { path: "/actions/send", action: { type: "reset_after" } });
    const input = publishInput(emailPost());
    expect(await caught(publish(input))).toMatchObject({ kind: "unknown_outcome" });
    const posts = await simPosts(harness.sim);
    expect(posts).toHaveLength(1);
    const since = new Date(Date.now() - 60_000);
    const byProgress = await harness
      .connector()
      .findPost(accessOf(auth), { post: emailPost(), progress: input.progress, since });
    expect(byProgress).toEqual({
      outcome: "found",
      post: { platformPostId: posts[0]?.postId, url: expect.stringContaining(String(posts[0]?.postId)) },
    });
    const byTitle = await harness
      .connector()
      .findPost(accessOf(auth), { post: emailPost(), progress: {}, since });
    expect(byTitle).toEqual(byProgress);
    // the pipeline's retry after "found" would not publish; even if it did, nothing is sent twice
    await publish(input);
    expect(await callCount(harness.sim, endpoints.send)).toBe(1);
  });

  it("a reset after create: not_found (only a draft), and the retry adopts that draft", async () => {
    await inject(harness.sim, {
      method: "POST",
      path: "re:^/3\\.0/campaigns$",
      action: { type: "reset_after" },
    });
    const input = publishInput(emailPost());
    expect(await caught(publish(input))).toMatchObject({ kind: "unknown_outcome" });
    expect(input.saves).toEqual([]);
    const drafts = (await simCampaigns(harness.sim)).filter((c) => c.title === "tgt_01JMAILCHIMP");
    expect(drafts).toMatchObject([{ status: "save", hasContent: false }]);
    const since = new Date(Date.now() - 60_000);
    expect(
      await harness.connector().findPost(accessOf(auth), { post: emailPost(), progress: {}, since }),
    ).toEqual({
      outcome: "not_found",
    });
    const published = await publish(input);
    expect(published.platformPostId).toBe(drafts[0]?.id);
    expect(await callCount(harness.sim, endpoints.create)).toBe(1);
    expect((await simCampaigns(harness.sim)).filter((c) => c.title === "tgt_01JMAILCHIMP")).toHaveLength(1);
  });

  it("a campaign deleted in Mailchimp between attempts is refused, and forgotten for a deliberate replay", async () => {
    await inject(harness.sim, {
      path: "/actions/send",
      action: { type: "respond", status: 503, body: "<html>Request Blocked</html>" },
    });
    const input = publishInput(emailPost());
    await caught(publish(input));
    await harness.connector().deletePost(accessOf(auth), input.progress.campaignId ?? "");
    const error = await caught(publish(input));
    expect(error).toMatchObject({ kind: "invalid_request", platformCode: "campaign_deleted" });
    expect(input.progress).toEqual({});
  });
});
