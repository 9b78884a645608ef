import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AccountAccess, AuthenticateResult } from "../src/index";
import {
  accessOf,
  caught,
  connect,
  createHarness,
  type Harness,
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
let offsetMs = 0;

beforeAll(async () => {
  sim = await startGbpSim({ now: () => Date.now() + offsetMs });
});
afterAll(async () => sim.close());
beforeEach(async () => {
  offsetMs = 0;
  await sim.control("POST", "/_sim/reset");
  harness = createHarness(sim);
  auth = await connect(harness);
  access = accessOf(auth, await locationAccount(harness, auth));
});

describe("gbp findPost", () => {
  it("by the saved name: found (and review turns it LIVE); not_found once deleted", async () => {
    const input = publishInput(textPost());
    const published = await harness.connector.publish(access, input);
    const found = await harness.connector.findPost(access, {
      post: textPost(),
      progress: input.progress,
      since: new Date(),
    });
    expect(found).toEqual({ outcome: "found", post: published });
    expect((await simPosts(sim))[0]?.details.state).toBe("LIVE");
    await harness.connector.deletePost(access, published.platformPostId);
    const gone = await harness.connector.findPost(access, {
      post: textPost(),
      progress: input.progress,
      since: new Date(),
    });
    expect(gone).toEqual({ outcome: "not_found" });
  });

  it("a post Google rejects after review (a phone number) is reported as the policy error", async () => {
    const input = publishInput(textPost("Order on 555-123-4567"));
    await harness.connector.publish(access, input);
    const error = await caught(
      harness.connector.findPost(access, {
        post: textPost("Order on 555-123-4567"),
        progress: input.progress,
        since: new Date(),
      }),
    );
    expect(error).toMatchObject({ kind: "invalid_request", platformCode: "REJECTED" });
  });

  it("without progress: matches the text among recent posts, paging through the list", async () => {
    const since = new Date();
    for (let i = 0; i < 3; i++)
      await harness.connector.publish(access, publishInput(textPost(`Other news ${i}`)));
    const published = await harness.connector.publish(
      access,
      publishInput(textPost("Fresh  sourdough\nevery morning")),
    );
    const found = await harness.connector.findPost(access, { post: textPost(), progress: {}, since });
    expect(found).toEqual({ outcome: "found", post: published });
    expect(
      await harness.connector.findPost(access, { post: textPost("Never posted"), progress: {}, since }),
    ).toEqual({
      outcome: "not_found",
    });
  });

  it("ignores posts made before the first attempt, and an EVENT is matched by its title too", async () => {
    offsetMs = -3_600_000;
    await harness.connector.publish(access, publishInput(textPost()));
    offsetMs = 0;
    const since = new Date();
    expect(await harness.connector.findPost(access, { post: textPost(), progress: {}, since })).toEqual({
      outcome: "not_found",
    });
    const event = { title: "Open day", startsAt: "2026-12-05", endsAt: "2026-12-05" };
    const post = textPost("", { options: { topicType: "EVENT", event } });
    const published = await harness.connector.publish(access, publishInput(post));
    expect(await harness.connector.findPost(access, { post, progress: {}, since })).toEqual({
      outcome: "found",
      post: published,
    });
  });

  it("two identical recent posts → cannot_tell; nothing to match by → cannot_tell", async () => {
    const since = new Date();
    await harness.connector.publish(access, publishInput(textPost()));
    await harness.connector.publish(access, publishInput(textPost()));
    const twice = await harness.connector.findPost(access, { post: textPost(), progress: {}, since });
    expect(twice).toEqual({ outcome: "cannot_tell", reason: "2 recent local posts match this content" });
    const photoOnly = textPost("", {
      media: [{ url: "https://media.platform-sim.test/a.jpg", type: "image" }],
    });
    expect(await harness.connector.findPost(access, { post: photoOnly, progress: {}, since })).toMatchObject({
      outcome: "cannot_tell",
    });
  });
});
