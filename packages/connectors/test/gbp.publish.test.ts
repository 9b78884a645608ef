import { immediateRejectMarker } from "@postd/platform-sim";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AccountAccess, AuthenticateResult } from "../src/index";
import {
  accessOf,
  callCount,
  caught,
  connect,
  createHarness,
  endpoints,
  type Harness,
  harbour,
  locationAccount,
  publishInput,
  simPosts,
  startGbpSim,
  textPost,
} from "./gbp-harness";
import type { RunningSim } from "./support/sim";

let sim: RunningSim;
let harness: Harness;
let auth: AuthenticateResult;
let access: AccountAccess;

beforeAll(async () => {
  sim = await startGbpSim();
});
afterAll(async () => sim.close());
beforeEach(async () => {
  await sim.control("POST", "/_sim/reset");
  harness = createHarness(sim);
  auth = await connect(harness);
  access = accessOf(auth, await locationAccount(harness, auth));
});

const postName = /^accounts\/1100000000000000001\/locations\/4130000000000000001\/localPosts\/\d{19}$/;

describe("gbp publish", () => {
  it("a STANDARD text post: one create, the name saved at once, accepted while PROCESSING", async () => {
    const input = publishInput(textPost());
    const published = await harness.connector.publish(access, input);
    expect(published.platformPostId).toMatch(postName);
    expect(published.url).toMatch(/^https:\/\/local\.google\.com\/place\?id=\d+&use=posts&lpsid=\d+$/);
    expect(input.saves).toEqual([{ localPostName: published.platformPostId }]);
    const [record, ...others] = await simPosts(sim);
    expect(others).toHaveLength(0);
    expect(record).toMatchObject({
      accountId: harbour,
      postId: published.platformPostId,
      text: "Fresh sourdough every morning",
      details: { topicType: "STANDARD", state: "PROCESSING", languageCode: "en" },
    });
  });

  it("a photo with a BOOK button, and a link sent as LEARN_MORE", async () => {
    await harness.connector.publish(
      access,
      publishInput(
        textPost("Table for two?", {
          media: [{ url: "https://media.platform-sim.test/table.jpg", type: "image" }],
          options: { callToAction: { actionType: "BOOK", url: "https://bakery.example.test/book" } },
        }),
      ),
    );
    await harness.connector.publish(
      access,
      publishInput(textPost("Menu is up", { link: "https://bakery.example.test/menu" })),
    );
    await harness.connector.publish(
      access,
      publishInput(textPost("Call us", { options: { callToAction: { actionType: "CALL" } } })),
    );
    const [photo, linked, call] = await simPosts(sim);
    expect(photo).toMatchObject({
      media: [{ url: "https://media.platform-sim.test/table.jpg", type: "image" }],
      link: "https://bakery.example.test/book",
      details: { callToAction: { actionType: "BOOK", url: "https://bakery.example.test/book" } },
    });
    expect(linked?.details.callToAction).toEqual({
      actionType: "LEARN_MORE",
      url: "https://bakery.example.test/menu",
    });
    expect(call?.details.callToAction).toEqual({ actionType: "CALL" });
  });

  it("an EVENT carries its schedule as UTC Date/TimeOfDay objects", async () => {
    const event = {
      title: "Bread workshop",
      startsAt: "2026-12-01T18:30:00+01:00",
      endsAt: "2026-12-01T20:00:00Z",
    };
    await harness.connector.publish(
      access,
      publishInput(textPost("Learn to bake", { options: { topicType: "EVENT", event } })),
    );
    const [record] = await simPosts(sim);
    expect(record?.details).toMatchObject({
      topicType: "EVENT",
      event: {
        title: "Bread workshop",
        schedule: {
          startDate: { year: 2026, month: 12, day: 1 },
          startTime: { hours: 17, minutes: 30, seconds: 0, nanos: 0 },
          endDate: { year: 2026, month: 12, day: 1 },
          endTime: { hours: 20, minutes: 0, seconds: 0, nanos: 0 },
        },
      },
    });
  });

  it("an all-day OFFER carries dates only and the offer, and no button", async () => {
    const options = {
      topicType: "OFFER",
      event: { title: "10% off croissants", startsAt: "2026-12-01", endsAt: "2026-12-03" },
      offer: {
        couponCode: "CROISSANT10",
        redeemOnlineUrl: "https://bakery.example.test/offer",
        termsConditions: "One per customer",
      },
    };
    await harness.connector.publish(access, publishInput(textPost("Weekend treat", { options })));
    const [record] = await simPosts(sim);
    expect(record?.details).toMatchObject({
      topicType: "OFFER",
      event: {
        title: "10% off croissants",
        schedule: {
          startDate: { year: 2026, month: 12, day: 1 },
          endDate: { year: 2026, month: 12, day: 3 },
        },
      },
      offer: options.offer,
    });
    expect(record?.details.callToAction).toBeUndefined();
  });

  it("Google rejecting the post at once → invalid_request REJECTED, with the name saved", async () => {
    const input = publishInput(textPost(`Grand opening ${immediateRejectMarker}`));
    const error = await caught(harness.connector.publish(access, input));
    expect(error).toMatchObject({ kind: "invalid_request", platformCode: "REJECTED", retryable: false });
    expect(error.message).toContain("content policy");
    expect(input.progress.localPostName).toMatch(postName);
    // the retry reads the saved post and reports the same refusal, without posting again
    const again = await caught(harness.connector.publish(access, input));
    expect(again.platformCode).toBe("REJECTED");
    expect(await callCount(sim, endpoints.createPost)).toBe(1);
  });

  it("a retry holding the saved name reads the post instead of creating a second", async () => {
    const first = publishInput(textPost());
    const published = await harness.connector.publish(access, first);
    const retry = publishInput(textPost(), first.progress);
    expect(await harness.connector.publish(access, retry)).toEqual(published);
    expect(await callCount(sim, endpoints.createPost)).toBe(1);
    expect(await callCount(sim, endpoints.getPost)).toBe(1);
    expect(retry.saves).toEqual([]);
  });

  it("a retry whose saved post is gone on Google creates it again", async () => {
    const first = publishInput(textPost());
    const published = await harness.connector.publish(access, first);
    await harness.connector.deletePost(access, published.platformPostId);
    const retry = publishInput(textPost(), first.progress);
    const second = await harness.connector.publish(access, retry);
    expect(second.platformPostId).not.toBe(published.platformPostId);
    expect(retry.saves).toEqual([{}, { localPostName: second.platformPostId }]);
    expect(await simPosts(sim)).toHaveLength(1);
  });

  it("an invalid post is refused before any call, naming every problem", async () => {
    const error = await caught(
      harness.connector.publish(
        access,
        publishInput(textPost("x".repeat(1501), { options: { topicType: "EVENT" } })),
      ),
    );
    expect(error).toMatchObject({ kind: "invalid_request", platformCode: "validation_failed" });
    expect(error.message).toContain("text: Google allows 1500 characters");
    expect(error.message).toContain("options.event");
    expect(await callCount(sim, endpoints.createPost)).toBe(0);
  });
});
