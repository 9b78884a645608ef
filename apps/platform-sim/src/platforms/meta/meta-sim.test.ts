import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildSimApp, type SimApp } from "../../app";
import { createMetaSim } from "./index";

let sim: SimApp;
let userToken: string;

beforeAll(async () => {
  sim = await buildSimApp({ platforms: [createMetaSim] });
});
afterAll(async () => sim.app.close());
beforeEach(async () => {
  await sim.app.inject({ method: "POST", url: "/_sim/reset" });
  const dialog = await sim.app.inject({
    method: "GET",
    url: "/www.facebook.com/v26.0/dialog/oauth?client_id=postd-sim-meta&redirect_uri=https://a.test/cb&state=s&scope=pages_show_list,pages_manage_posts,pages_read_engagement,read_insights&auto=approve",
  });
  const code = new URL(String(dialog.headers.location)).searchParams.get("code");
  const token = await sim.app.inject({
    method: "GET",
    url: `/graph.facebook.com/v26.0/oauth/access_token?client_id=postd-sim-meta&client_secret=postd-sim-meta-secret&redirect_uri=https://a.test/cb&code=${code}`,
  });
  userToken = token.json().access_token;
});

const graph = (method: "GET" | "POST" | "DELETE", path: string, token = userToken) =>
  sim.app.inject({
    method,
    url: `/graph.facebook.com${path}`,
    headers: { authorization: `Bearer ${token}` },
  });

describe("meta sim", () => {
  it("answers unknown paths and versions with Graph's error body", async () => {
    for (const path of ["/v26.0/me/nothing/here", "/latest/me"]) {
      const response = await graph("GET", path);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({
        error: {
          message: expect.stringContaining("Unknown path components"),
          type: "OAuthException",
          code: 2500,
          fbtrace_id: expect.any(String),
        },
      });
    }
    expect((await graph("GET", "/v19.0/me")).statusCode).toBe(200);
  });

  it("sends usage headers and pages /me/accounts with absolute graph.facebook.com next links", async () => {
    const first = await graph("GET", "/v26.0/me/accounts?fields=id,name&limit=3");
    expect(JSON.parse(String(first.headers["x-app-usage"]))).toHaveProperty("call_count");
    const body = first.json();
    expect(body.data).toHaveLength(3);
    expect(body.data[0]).toEqual({ id: "200000000000001", name: "Ada's Bakery" });
    const next = new URL(body.paging.next);
    expect(next.host).toBe("graph.facebook.com");
    const second = await graph("GET", `${next.pathname}${next.search}`);
    expect(second.json().data.map((p: { id: string }) => p.id)).toEqual(["200000000000004"]);
    expect(second.json().paging.next).toBeUndefined();
  });

  it("refuses deprecated insights metrics and checks appsecret_proof", async () => {
    const pages = (await graph("GET", "/v26.0/me/accounts?fields=id,access_token")).json();
    const pageToken = pages.data[0].access_token;
    const created = (
      await sim.app.inject({
        method: "POST",
        url: "/graph.facebook.com/v26.0/200000000000001/feed",
        payload: { message: "hi", access_token: pageToken },
      })
    ).json();
    const old = await graph("GET", `/v26.0/${created.id}/insights?metric=post_impressions_unique`, pageToken);
    expect(old.json().error).toMatchObject({ code: 100 });
    const current = await graph("GET", `/v26.0/${created.id}/insights?metric=post_media_view`, pageToken);
    expect(current.json().data[0]).toMatchObject({ name: "post_media_view", period: "lifetime" });
    const badProof = await graph("GET", "/v26.0/me?appsecret_proof=00");
    expect(badProof.json().error).toMatchObject({
      code: 100,
      message: "Invalid appsecret_proof provided in the API argument",
    });
  });

  it("builds signed webhooks", async () => {
    const built = sim.modules[0]?.buildWebhook?.({ event: "feed", params: { item: "reaction" } });
    expect(built?.headers["x-hub-signature-256"]).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(JSON.parse(built?.body ?? "{}")).toMatchObject({
      object: "page",
      entry: [{ changes: [{ field: "feed" }] }],
    });
  });
});
