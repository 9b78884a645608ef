import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AuthenticateResult } from "../src/index";
import { connect, createHarness, type Harness, startGbpSim } from "./gbp-harness";
import type { RunningSim } from "./support/sim";

let sim: RunningSim;
let harness: Harness;
let auth: AuthenticateResult;

beforeAll(async () => {
  sim = await startGbpSim();
});
afterAll(async () => sim.close());
beforeEach(async () => {
  await sim.control("POST", "/_sim/reset");
  harness = createHarness(sim, {}, { timeoutMs: 500 });
  auth = await connect(harness);
});

describe("gbp sim answers like Google", () => {
  const get = (url: string, token = auth.tokens.accessToken) =>
    harness.http.request({
      platform: "gbp",
      operation: "test.get",
      method: "GET",
      url,
      headers: { authorization: `Bearer ${token}` },
    });

  it("locations.list without readMask is 400 INVALID_ARGUMENT naming read_mask", async () => {
    const response = await get(
      "https://mybusinessbusinessinformation.googleapis.com/v1/accounts/1100000000000000001/locations",
    );
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      error: {
        code: 400,
        message: "Request contains an invalid argument.",
        status: "INVALID_ARGUMENT",
        details: [
          {
            "@type": "type.googleapis.com/google.rpc.BadRequest",
            fieldViolations: [{ field: "read_mask", description: "Field is required" }],
          },
        ],
      },
    });
  });

  it("a bad token is 401 UNAUTHENTICATED with a WWW-Authenticate challenge; an unknown method is 404", async () => {
    const response = await get("https://mybusinessaccountmanagement.googleapis.com/v1/accounts", "nope");
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
    expect(response.json).toMatchObject({ error: { code: 401, status: "UNAUTHENTICATED" } });
    const unknown = await get("https://mybusiness.googleapis.com/v4/accounts/1/nothing");
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ error: { code: 404, message: "Method not found.", status: "NOT_FOUND" } });
  });

  it("someone else's location is 403 PERMISSION_DENIED", async () => {
    const response = await get(
      "https://mybusiness.googleapis.com/v4/accounts/2200000000000000001/locations/4130000000000000007/localPosts",
    );
    expect(response.status).toBe(403);
    expect(response.json).toMatchObject({ error: { status: "PERMISSION_DENIED" } });
  });

  it("the sim refuses a CALL button with a url and an EVENT without a schedule, all at once", async () => {
    const response = await harness.http.request({
      platform: "gbp",
      operation: "test.create",
      method: "POST",
      url: "https://mybusiness.googleapis.com/v4/accounts/1100000000000000001/locations/4130000000000000001/localPosts",
      headers: { authorization: `Bearer ${auth.tokens.accessToken}` },
      body: {
        json: {
          topicType: "EVENT",
          summary: "x",
          event: { title: "E" },
          callToAction: { actionType: "CALL", url: "https://x.test" },
        },
      },
    });
    expect(response.status).toBe(400);
    const fields = (
      response.json as { error: { details: Array<{ fieldViolations: Array<{ field: string }> }> } }
    ).error.details[0]?.fieldViolations.map((v) => v.field);
    expect(fields).toEqual([
      "local_post.event.schedule.start_date",
      "local_post.event.schedule.end_date",
      "local_post.call_to_action.url",
    ]);
  });
});
