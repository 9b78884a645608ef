import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  callCount,
  caught,
  connect,
  connectionOf,
  createHarness,
  type Harness,
  nadia,
  startGbpSim,
} from "./gbp-harness";
import type { RunningSim } from "./support/sim";

let sim: RunningSim;
let harness: Harness;

beforeAll(async () => {
  sim = await startGbpSim();
});
afterAll(async () => sim.close());
beforeEach(async () => {
  await sim.control("POST", "/_sim/reset");
  harness = createHarness(sim);
});

describe("gbp accounts", () => {
  it("lists every location of both accounts through small pages, each location once", async () => {
    const result = await connect(harness);
    const accounts = await harness.connector.fetchAccounts(connectionOf(result));
    expect(accounts.map((a) => a.externalId)).toEqual([
      "locations/4130000000000000001",
      "locations/4130000000000000002",
      "locations/4130000000000000003",
      "locations/4130000000000000004",
      "locations/4130000000000000005",
      "locations/4130000000000000006",
    ]);
    expect(accounts[0]).toEqual({
      externalId: "locations/4130000000000000001",
      name: "Hopper Bakery — Harbour Street",
      kind: "gbp_location",
      accessToken: null,
      metadata: {
        accountName: "accounts/1100000000000000001",
        locationName: "locations/4130000000000000001",
        v4Name: "accounts/1100000000000000001/locations/4130000000000000001",
        placeId: "ChIJsim000001",
        mapsUri: expect.stringMatching(/^https:\/\/maps\.google\.com\/maps\?cid=\d+$/),
        address: "1 Harbour Street, 10001 New York",
      },
    });
    expect(accounts[3]?.metadata.accountName).toBe("accounts/1100000000000000002");
    // pageSize 2: one page of 2 accounts, then 2 pages for 3 locations and 2 pages for 4
    expect(await callCount(sim, "GET mybusinessaccountmanagement.googleapis.com/v1/accounts")).toBe(1);
    expect(
      await callCount(
        sim,
        "GET mybusinessbusinessinformation.googleapis.com/v1/accounts/:accountId/locations",
      ),
    ).toBe(4);
  });

  it("a user who manages nothing gets no accounts (Google answers {})", async () => {
    const result = await connect(harness, nadia.sub);
    expect(await harness.connector.fetchAccounts(connectionOf(result))).toEqual([]);
  });

  it("pages through accounts too", async () => {
    const single = createHarness(sim, { pageSize: 1 });
    const result = await connect(single);
    expect(await single.connector.fetchAccounts(connectionOf(result))).toHaveLength(6);
    expect(await callCount(sim, "GET mybusinessaccountmanagement.googleapis.com/v1/accounts")).toBe(2);
  });

  it("an account whose locations Google refuses is skipped; when all are refused, the refusal is thrown", async () => {
    const result = await connect(harness);
    const refuse = (path: string) =>
      sim.control("POST", "/_sim/faults", {
        host: "mybusinessbusinessinformation.googleapis.com",
        path,
        action: {
          type: "respond",
          status: 403,
          body: {
            error: { code: 403, message: "The caller does not have permission", status: "PERMISSION_DENIED" },
          },
        },
      });
    await refuse("/accounts/1100000000000000002/locations");
    const accounts = await harness.connector.fetchAccounts(connectionOf(result));
    expect(accounts.map((a) => a.metadata.accountName)).toEqual([
      "accounts/1100000000000000001",
      "accounts/1100000000000000001",
      "accounts/1100000000000000001",
    ]);
    await refuse("/accounts/1100000000000000001/locations");
    await refuse("/accounts/1100000000000000002/locations");
    const error = await caught(harness.connector.fetchAccounts(connectionOf(result)));
    expect(error).toMatchObject({ kind: "permission_denied", platformCode: "PERMISSION_DENIED" });
    expect(error.message).toContain("API access not approved");
  });
});
