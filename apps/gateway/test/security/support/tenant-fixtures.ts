import type { ConnectionView } from "@postd/contracts";
import { vi } from "vitest";
import type { SweepSystem, Tenant } from "./sweep-system";

/** One real object of every kind a tenant route names by id, all owned by one tenant. */
export interface TenantObjects {
  tenant: Tenant;
  connectionId: string;
  accountId: string;
  postId: string;
  deadLetterId: string;
  webhookEndpointId: string;
  webhookDeliveryId: string;
}

/**
 * Builds a tenant's objects through the public API only: a LinkedIn connection by OAuth against the sim, a
 * published post, a dead letter (the sim refuses one publish with 400), a webhook endpoint and its ping
 * delivery. Resolves once the background work they start has settled.
 */
export async function createTenantObjects(sweep: SweepSystem, tenant: Tenant): Promise<TenantObjects> {
  const connectionId = await connectByOAuth(sweep, tenant, "linkedin");
  const connection = await expectJson<ConnectionView>(
    sweep,
    tenant,
    "GET",
    `/api/connections/${connectionId}`,
  );
  const member = connection.accounts.find((account) => account.kind === "linkedin_member");
  if (!member) throw new Error("the LinkedIn connection has no member account");

  const postId = await publishText(sweep, tenant, member.id, "published");
  await sweep.sim("POST", "/_sim/faults", {
    host: "api.linkedin.com",
    method: "POST",
    path: "/rest/posts",
    count: 1,
    action: { type: "respond", status: 400, body: { status: 400, message: "refused by the sweep" } },
  });
  const failedPostId = await publishText(sweep, tenant, member.id, "failed");
  const deadLetterId = await vi.waitFor(
    async () => {
      const listed = await expectJson<{ data: Array<{ id: string; postId: string }> }>(
        sweep,
        tenant,
        "GET",
        "/api/dead-letters",
      );
      const found = listed.data.find((letter) => letter.postId === failedPostId);
      if (!found) throw new Error("no dead letter yet");
      return found.id;
    },
    { timeout: 30_000, interval: 200 },
  );

  // an endpoint that wants only an event nothing here raises: its ping is the one delivery it gets
  const endpoint = await expectJson<{ id: string }>(sweep, tenant, "POST", "/api/webhook-endpoints", {
    url: sweep.receiverUrl,
    events: ["webhook.endpoint_disabled.v1"],
  });
  const delivery = await expectJson<{ id: string }>(
    sweep,
    tenant,
    "POST",
    `/api/webhook-endpoints/${endpoint.id}/test`,
  );
  await vi.waitFor(
    async () => {
      const listed = await expectJson<{ data: Array<{ id: string; status: string }> }>(
        sweep,
        tenant,
        "GET",
        `/api/webhook-endpoints/${endpoint.id}/deliveries`,
      );
      if (listed.data.find((d) => d.id === delivery.id)?.status !== "delivered") throw new Error("not yet");
    },
    { timeout: 30_000, interval: 200 },
  );
  return {
    tenant,
    connectionId,
    accountId: member.id,
    postId,
    deadLetterId,
    webhookEndpointId: endpoint.id,
    webhookDeliveryId: delivery.id,
  };
}

/** start → the sim's consent (auto-approve) → the gateway's callback, with the tenant's credentials. */
export async function connectByOAuth(sweep: SweepSystem, tenant: Tenant, platform: string): Promise<string> {
  const started = await expectJson<{ authorizationUrl: string }>(
    sweep,
    tenant,
    "POST",
    `/api/oauth/${platform}/start`,
    {},
  );
  const consentUrl = new URL(started.authorizationUrl);
  consentUrl.searchParams.set("auto", "approve");
  const consent = await fetch(consentUrl, { redirect: "manual" });
  const callback = new URL(consent.headers.get("location") ?? "http://invalid/");
  const done = await sweep.inject({
    method: "GET",
    url: `${callback.pathname}${callback.search}`,
    key: tenant.apiKey,
  });
  if (done.statusCode !== 200 && done.statusCode !== 302) {
    throw new Error(`${platform} callback answered ${done.statusCode}: ${done.body}`);
  }
  const listed = await expectJson<{ data: ConnectionView[] }>(sweep, tenant, "GET", "/api/connections");
  const connection = listed.data.find((c) => c.platform === platform && c.status === "active");
  if (!connection) throw new Error(`${platform} did not connect: ${done.body.slice(0, 500)}`);
  return connection.id;
}

async function publishText(
  sweep: SweepSystem,
  tenant: Tenant,
  accountId: string,
  outcome: "published" | "failed",
): Promise<string> {
  const accepted = await sweep.inject({
    method: "POST",
    url: "/api/publish",
    key: tenant.apiKey,
    headers: { "idempotency-key": `sweep-${outcome}-${tenant.tenantId}` },
    payload: { targets: [{ accountId }], text: `A post that ends ${outcome}` },
  });
  if (accepted.statusCode !== 202)
    throw new Error(`publish answered ${accepted.statusCode}: ${accepted.body}`);
  const { postId } = accepted.json<{ postId: string }>();
  await vi.waitFor(
    async () => {
      const post = await expectJson<{ status: string }>(sweep, tenant, "GET", `/api/posts/${postId}`);
      if (post.status !== outcome) throw new Error(`post ${postId} is ${post.status}`);
    },
    { timeout: 30_000, interval: 200 },
  );
  return postId;
}

export async function expectJson<T>(
  sweep: SweepSystem,
  tenant: Tenant,
  method: "GET" | "POST",
  url: string,
  payload?: unknown,
): Promise<T> {
  const response = await sweep.inject({
    method,
    url,
    key: tenant.apiKey,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
  if (response.statusCode >= 300) {
    throw new Error(`${method} ${url} answered ${response.statusCode}: ${response.body}`);
  }
  return response.json<T>();
}
