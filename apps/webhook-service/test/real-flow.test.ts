import {
  type ConnectionView,
  CreatePost,
  CreateWebhookEndpoint,
  DeletePost,
  GetPost,
  newId,
  RefreshConnection,
  RevokeConnection,
  StoreConnection,
} from "@postd/contracts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type RealServices, type StoreRequest, startRealServices } from "./support/real-services";
import { startReceiver, type TestReceiver } from "./support/receiver";
import { verifyPostdWebhook } from "./support/verify-webhook";

let real: RealServices;
let receiver: TestReceiver;
let secret: string;
let grant: StoreRequest;
let connection: ConnectionView;
const tenantId = newId("tenant");

beforeAll(async () => {
  real = await startRealServices();
  receiver = await startReceiver();
  ({ secret } = await real.env.rpc.call(CreateWebhookEndpoint, { tenantId, url: receiver.url }));
}, 120_000);

afterAll(async () => {
  await receiver?.close();
  await real?.close();
});

beforeAll(async () => {
  await real.sim.control("DELETE", "/_sim/faults");
});

/** The delivered webhook of `event` whose data matches, verified with the docs' verifier. */
async function delivered(event: string, match: (data: Record<string, unknown>) => boolean = () => true) {
  let found: { event: string; tenantId: string; data: Record<string, unknown> } | undefined;
  await vi.waitFor(
    () => {
      const request = receiver.received.find((candidate) => {
        const body = JSON.parse(candidate.body) as { event: string; data: Record<string, unknown> };
        return body.event === event && match(body.data);
      });
      expect(request, `a ${event} delivery`).toBeDefined();
      if (!request) return;
      expect(verifyPostdWebhook({ rawBody: request.body, headers: request.headers, secrets: [secret] })).toBe(
        true,
      );
      found = JSON.parse(request.body);
    },
    { timeout: 30_000, interval: 100 },
  );
  if (!found) throw new Error(`no ${event} delivery`);
  expect(found.tenantId).toBe(tenantId);
  return found.data;
}

function accountOf(kind: string): string {
  const account = connection.accounts.find((candidate) => candidate.kind === kind);
  if (!account) throw new Error(`no ${kind} account`);
  return account.id;
}

async function publish(body: Record<string, unknown>) {
  const { post } = await real.env.rpc.call(CreatePost, { tenantId, idempotencyKey: newId("request"), body });
  return post;
}

async function settled(postId: string) {
  await vi.waitFor(
    async () => {
      const post = await real.env.rpc.call(GetPost, { tenantId, postId });
      for (const target of post.targets)
        expect(["queued", "publishing", "retrying"]).not.toContain(target.status);
    },
    { timeout: 30_000, interval: 100 },
  );
}

describe("webhooks after the real flows that cause them", () => {
  it("connected: a LinkedIn connection made through OAuth against the sim", async () => {
    grant = await real.grantFor({ tenantId, platform: "linkedin" });
    connection = await real.env.rpc.call(StoreConnection, grant);
    const data = await delivered("connection.connected.v1", (d) => d.connectionId === connection.id);
    expect(data).toMatchObject({ platform: "linkedin", reconnected: false });
  });

  it("published, then deleted: a post to a LinkedIn page, then DELETE", async () => {
    const post = await publish({
      targets: [{ accountId: accountOf("linkedin_organization") }],
      text: "hello hooks",
    });
    await settled(post.postId);
    const published = await delivered("post.target_published.v1", (d) => d.postId === post.postId);
    expect(published).toMatchObject({ platform: "linkedin", platformPostId: expect.any(String) });
    expect(String(published.url)).toMatch(/^https:\/\//);
    await real.env.rpc.call(DeletePost, { tenantId, postId: post.postId });
    await delivered("post.target_deleted.v1", (d) => d.postId === post.postId);
  });

  it("cancelled: a scheduled post deleted before its time", async () => {
    const scheduledAt = new Date(Date.now() + 3_600_000).toISOString();
    const post = await publish({
      targets: [{ accountId: accountOf("linkedin_organization") }],
      text: "later",
      scheduledAt,
    });
    await real.env.rpc.call(DeletePost, { tenantId, postId: post.postId });
    await delivered("post.cancelled.v1", (d) => d.postId === post.postId);
  });

  it("dead-lettered: the platform refuses the post for good", async () => {
    await real.sim.control("POST", "/_sim/faults", {
      host: "api.linkedin.com",
      method: "POST",
      path: "re:^/rest/posts$",
      action: {
        type: "respond",
        status: 403,
        headers: { "content-type": "application/json" },
        body: { status: 403, message: "Not enough permissions" },
      },
    });
    const post = await publish({
      targets: [{ accountId: accountOf("linkedin_organization") }],
      text: "refused",
    });
    await settled(post.postId);
    const data = await delivered("post.target_dead_lettered.v1", (d) => d.postId === post.postId);
    expect(data).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  });

  it("unconfirmed: the answer to a member post is lost and the platform cannot be asked", async () => {
    await real.sim.control("POST", "/_sim/faults", {
      host: "api.linkedin.com",
      method: "POST",
      path: "re:^/rest/posts$",
      action: { type: "reset_after" },
    });
    const post = await publish({
      targets: [{ accountId: accountOf("linkedin_member") }],
      text: "lost answer",
    });
    await settled(post.postId);
    const data = await delivered("post.target_unconfirmed.v1", (d) => d.postId === post.postId);
    expect(data.evidence).toEqual(expect.any(String));
  });

  it("status changed to needs_reauth: the grant was revoked at the platform", async () => {
    await real.sim.control("POST", "/_sim/tokens/revoke", { token: grant.tokens.refreshToken });
    await real.env.rpc
      .call(RefreshConnection, { tenantId, connectionId: connection.id })
      .catch(() => undefined);
    const data = await delivered("connection.status_changed.v1", (d) => d.connectionId === connection.id);
    expect(data).toMatchObject({ to: "needs_reauth" });
  });

  it("revoked: the tenant disconnects", async () => {
    await real.env.rpc.call(RevokeConnection, { tenantId, connectionId: connection.id });
    const data = await delivered("connection.revoked.v1", (d) => d.connectionId === connection.id);
    expect(data).toMatchObject({ reason: "tenant_disconnected", platform: "linkedin" });
  });

  it("never puts a token in a delivery", () => {
    const everything = receiver.received
      .map((request) => `${JSON.stringify(request.headers)}${request.body}`)
      .join();
    for (const token of [
      grant.tokens.accessToken,
      grant.tokens.refreshToken,
      ...grant.accounts.map((a) => a.accessToken),
    ]) {
      if (token) expect(everything).not.toContain(token);
    }
  });
});
