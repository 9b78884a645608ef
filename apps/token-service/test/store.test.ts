import type { ConnectorRegistry } from "@postd/connectors";
import { connectViaSim, type StoreRequest, simConnectors, tokensIn } from "@postd/connectors/testing";
import {
  ConnectionConnected,
  ConnectionStatusChanged,
  type ConnectionView,
  FindAccountOwner,
  GetAccessToken,
  GetAccount,
  GetConnection,
  ListAllConnections,
  ListConnections,
  newId,
  Platform,
  ReportAuthFailure,
  StoreConnection,
} from "@postd/contracts";
import { isVaultError } from "@postd/vault";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { TokenService } from "../src/service";
import { type EventRecorder, recordConnectionEvents } from "./support/event-recorder";
import { startInProcess } from "./support/start-in-process";
import { dumpTokenSchema } from "./support/token-dump";
import { createTokenTestEnv, type TokenTestEnv } from "./support/token-env";

let env: TokenTestEnv;
let service: TokenService;
let events: EventRecorder;
let connectors: ConnectorRegistry;
const tenantA = newId("tenant");
const tenantB = newId("tenant");
const stored = new Map<Platform, { request: StoreRequest; view: ConnectionView }>();

beforeAll(async () => {
  env = await createTokenTestEnv();
  service = await startInProcess(env);
  events = await recordConnectionEvents(env);
  connectors = simConnectors(env.sim);
  for (const platform of Platform.options) {
    const request = await connectViaSim(connectors, { tenantId: tenantA, platform });
    stored.set(platform, { request, view: await env.rpc.call(StoreConnection, request) });
  }
});

afterAll(async () => {
  await events?.stop();
  await service?.stop();
  await env?.close();
});

function storedOf(platform: Platform) {
  const entry = stored.get(platform);
  if (!entry) throw new Error(`${platform} was not stored`);
  return entry;
}

describe("store", () => {
  it("stores every platform's grant as an active connection with its accounts", () => {
    for (const platform of Platform.options) {
      const { request, view } = storedOf(platform);
      expect(view).toMatchObject({ platform, status: "active", displayName: request.displayName });
      expect(view.accounts.map((a) => a.externalId).sort()).toEqual(
        request.accounts.map((a) => a.externalId).sort(),
      );
      expect(view.accounts.length).toBeGreaterThan(0);
    }
    expect(storedOf("tiktok").request.tokens.refreshToken).toBeTruthy();
    expect(storedOf("meta").request.accounts.some((a) => a.accessToken)).toBe(true);
  });

  it("leaves no token in plain text anywhere in the token schema", async () => {
    const dump = await dumpTokenSchema(env.sql);
    const tokens = [...stored.values()].flatMap(({ request }) => tokensIn(request));
    expect(tokens.length).toBeGreaterThanOrEqual(8);
    for (const token of tokens) expect(dump).not.toContain(token);
    expect(dump).not.toMatch(/sim(meta|linkedin|tiktok|gbp|mailchimp)_(at|rt)_/);
    const secrets = await env.sql<
      { field: string; ciphertext: string }[]
    >`select field, ciphertext from token.secrets`;
    expect(secrets.length).toBe(tokens.length + 1); // + Mailchimp's webhook secret
    for (const secret of secrets) expect(secret.ciphertext).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
  });

  it("hands tokens back decrypted (a Page's own token with the user token) and logs each access", async () => {
    const { request, view } = storedOf("meta");
    const headers = { "Postd-Caller": "publish-service" };
    const user = await env.rpc.call(
      GetAccessToken,
      { tenantId: tenantA, connectionId: view.id, purpose: "health-check" },
      { headers },
    );
    expect(user).toMatchObject({
      accessToken: request.tokens.accessToken,
      userAccessToken: request.tokens.accessToken,
      account: null,
    });
    const page = request.accounts.find((a) => a.kind === "facebook_page" && a.accessToken);
    const pageView = view.accounts.find((a) => a.externalId === page?.externalId);
    const pageToken = await env.rpc.call(
      GetAccessToken,
      { tenantId: tenantA, accountId: pageView?.id ?? "", purpose: "publish" },
      { headers },
    );
    expect(pageToken.accessToken).toBe(page?.accessToken);
    expect(pageToken.userAccessToken).toBe(request.tokens.accessToken);
    expect(pageToken.account).toMatchObject({ id: pageView?.id, kind: "facebook_page" });
    const log = await env.sql<
      { field: string; caller: string; purpose: string; account_id: string | null }[]
    >`
      select field, caller, purpose, account_id from token.secret_access_log
      where connection_id = ${view.id} and caller = 'publish-service' order by id`;
    expect(log).toEqual([
      { field: "access_token", caller: "publish-service", purpose: "health-check", account_id: null },
      expect.objectContaining({ caller: "publish-service", purpose: "publish" }),
      expect.objectContaining({ caller: "publish-service", purpose: "publish" }),
    ]);
    expect(
      log
        .slice(1)
        .map((row) => row.field)
        .sort(),
    ).toEqual(["access_token", "account_token"]);
  });

  it("refuses a ciphertext moved to another connection's row, field or tenant", async () => {
    const tiktok = storedOf("tiktok").view;
    const linkedin = storedOf("linkedin").view;
    const [row] = await env.sql<{ ciphertext: string }[]>`
      select ciphertext from token.secrets where connection_id = ${tiktok.id} and field = 'access_token'`;
    const ciphertext = row?.ciphertext ?? "";
    const { vault } = service.tokenVault;
    const attempts = [
      { tenantId: tenantA, recordId: linkedin.id, field: "access_token", ciphertext },
      { tenantId: tenantA, recordId: tiktok.id, field: "refresh_token", ciphertext },
      { tenantId: tenantB, recordId: tiktok.id, field: "access_token", ciphertext },
    ];
    for (const attempt of attempts) {
      const error = await vault.decrypt(attempt).catch((e: unknown) => e);
      expect(isVaultError(error)).toBe(true);
    }
    await expect(
      vault.decrypt({ tenantId: tenantA, recordId: tiktok.id, field: "access_token", ciphertext }),
    ).resolves.toBe(storedOf("tiktok").request.tokens.accessToken);
    await env.sql`update token.secrets set ciphertext = ${ciphertext}
      where connection_id = ${linkedin.id} and field = 'access_token' and account_id is null`;
    await expect(
      env.rpc.call(GetAccessToken, { tenantId: tenantA, connectionId: linkedin.id, purpose: "publish" }),
    ).rejects.toMatchObject({ code: "INTERNAL" });
  });

  it("answers another tenant's ids exactly like missing ones", async () => {
    const { view } = storedOf("gbp");
    const accountId = view.accounts[0]?.id ?? "";
    await expect(
      env.rpc.call(GetConnection, { tenantId: tenantB, connectionId: view.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      env.rpc.call(GetAccessToken, { tenantId: tenantB, accountId, purpose: "publish" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(env.rpc.call(GetAccount, { tenantId: tenantB, accountId })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(env.rpc.call(ListConnections, { tenantId: tenantB })).resolves.toEqual({ data: [] });
    await expect(env.rpc.call(GetAccount, { tenantId: tenantA, accountId })).resolves.toMatchObject({
      connectionId: view.id,
      platform: "gbp",
      kind: "gbp_location",
    });
  });

  it("finds the owner of a platform account, a TikTok open_id and a Mailchimp webhook secret", async () => {
    const meta = storedOf("meta").view;
    const page = meta.accounts[0];
    await expect(
      env.rpc.call(FindAccountOwner, { platform: "meta", externalAccountId: page?.externalId ?? "" }),
    ).resolves.toEqual({ matches: [{ tenantId: tenantA, connectionId: meta.id, accountId: page?.id }] });
    const tiktok = storedOf("tiktok");
    const { matches } = await env.rpc.call(FindAccountOwner, {
      platform: "tiktok",
      externalAccountId: tiktok.request.externalUserId,
    });
    expect(matches.map((m) => m.connectionId)).toEqual([tiktok.view.id]);
    const mailchimp = storedOf("mailchimp").view;
    const [row] = await env.sql<{ ciphertext: string }[]>`
      select ciphertext from token.secrets where connection_id = ${mailchimp.id} and field = 'webhook_secret'`;
    const webhookSecret = await service.tokenVault.vault.decrypt({
      tenantId: tenantA,
      recordId: mailchimp.id,
      field: "webhook_secret",
      ciphertext: row?.ciphertext ?? "",
    });
    await expect(env.rpc.call(FindAccountOwner, { platform: "mailchimp", webhookSecret })).resolves.toEqual({
      matches: [{ tenantId: tenantA, connectionId: mailchimp.id, accountId: null }],
    });
    await expect(
      env.rpc.call(FindAccountOwner, { platform: "mailchimp", webhookSecret: `${webhookSecret}x` }),
    ).resolves.toEqual({
      matches: [],
    });
  });
});

describe("list-all-connections", () => {
  it("pages through every tenant's connections by id, without tokens", async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await env.rpc.call(ListAllConnections, { limit: 2, ...(after ? { after } : {}) });
      seen.push(...page.data.map((row) => row.connectionId));
      if (!page.next) break;
      after = page.next;
    }
    const all = await env.sql<{ id: string }[]>`select id from token.connections order by id`;
    expect(seen).toEqual(all.map((row) => row.id));
    expect(seen.length).toBeGreaterThanOrEqual(Platform.options.length);
  });
});

describe("reconnect", () => {
  it("updates the same connection, keeps the refresh token when the new grant has none", async () => {
    const first = storedOf("tiktok");
    const again = await connectViaSim(connectors, {
      tenantId: tenantA,
      platform: "tiktok",
      user: first.request.externalUserId,
    });
    expect(again.externalUserId).toBe(first.request.externalUserId);
    const view = await env.rpc.call(StoreConnection, {
      ...again,
      tokens: { ...again.tokens, refreshToken: null },
    });
    expect(view.id).toBe(first.view.id);
    const [row] = await env.sql<{ version: number; refresh_token: string }[]>`
      select c.version, s.ciphertext as refresh_token from token.connections c
      join token.secrets s on s.connection_id = c.id and s.field = 'refresh_token' where c.id = ${view.id}`;
    expect(row?.version).toBe(2);
    const refreshToken = await service.tokenVault.vault.decrypt({
      tenantId: tenantA,
      recordId: view.id,
      field: "refresh_token",
      ciphertext: row?.refresh_token ?? "",
    });
    expect(refreshToken).toBe(first.request.tokens.refreshToken);
    const token = await env.rpc.call(GetAccessToken, {
      tenantId: tenantA,
      connectionId: view.id,
      purpose: "publish",
    });
    expect(token.accessToken).toBe(again.tokens.accessToken);
    await vi.waitFor(
      () =>
        expect(
          events
            .of(ConnectionConnected)
            .filter((e) => e.data.connectionId === view.id)
            .map((e) => e.data.reconnected)
            .sort(),
        ).toEqual([false, true]),
      { timeout: 10_000, interval: 50 },
    );
    expect(
      await env.sql`select 1 from token.connections where external_user_id = ${again.externalUserId}`,
    ).toHaveLength(1);
  });

  it("upserts accounts: kept ones keep their id, missing ones are removed, new ones added", async () => {
    const first = storedOf("meta");
    const again = await connectViaSim(connectors, {
      tenantId: tenantA,
      platform: "meta",
      user: first.request.externalUserId,
    });
    const [kept, dropped] = again.accounts;
    expect(kept && dropped).toBeTruthy();
    const added = {
      externalId: "999000000000009",
      name: "A new Page",
      kind: "facebook_page" as const,
      accessToken: "page-token-new-0001",
      metadata: {},
    };
    const view = await env.rpc.call(StoreConnection, {
      ...again,
      accounts: [kept, added].filter((a) => a !== undefined),
    });
    expect(view.id).toBe(first.view.id);
    const keptBefore = first.view.accounts.find((a) => a.externalId === kept?.externalId);
    expect(view.accounts.map((a) => a.externalId).sort()).toEqual(
      [added.externalId, kept?.externalId].sort(),
    );
    expect(view.accounts.find((a) => a.externalId === kept?.externalId)?.id).toBe(keptBefore?.id);
    const droppedId = first.view.accounts.find((a) => a.externalId === dropped?.externalId)?.id ?? "";
    await expect(env.rpc.call(GetAccount, { tenantId: tenantA, accountId: droppedId })).rejects.toMatchObject(
      { code: "NOT_FOUND" },
    );
    const restored = await env.rpc.call(StoreConnection, again);
    expect(restored.accounts.find((a) => a.externalId === dropped?.externalId)?.id).toBe(droppedId);
  });

  it("brings a needs_reauth connection back to active with one status event each way", async () => {
    const { request, view } = storedOf("gbp");
    const marked = await env.rpc.call(ReportAuthFailure, {
      tenantId: tenantA,
      connectionId: view.id,
      kind: "auth_revoked",
      detail: "401",
    });
    expect(marked.status).toBe("needs_reauth");
    await expect(
      env.rpc.call(GetAccessToken, { tenantId: tenantA, connectionId: view.id, purpose: "publish" }),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE", message: expect.stringContaining("reconnect gbp") });
    const again = await connectViaSim(connectors, {
      tenantId: tenantA,
      platform: "gbp",
      user: request.externalUserId,
    });
    await expect(env.rpc.call(StoreConnection, again)).resolves.toMatchObject({
      id: view.id,
      status: "active",
    });
    await vi.waitFor(
      () => {
        const changes = events.of(ConnectionStatusChanged).filter((e) => e.data.connectionId === view.id);
        expect(changes.map((e) => [e.data.from, e.data.to, e.data.reason])).toEqual([
          ["active", "needs_reauth", "reported_auth_revoked"],
          ["needs_reauth", "active", "reconnected"],
        ]);
      },
      { timeout: 10_000, interval: 50 },
    );
  });
});
