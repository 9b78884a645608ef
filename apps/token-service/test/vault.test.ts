import type { ConnectorRegistry } from "@postd/connectors";
import { connectViaSim, type StoreRequest, simConnectors } from "@postd/connectors/testing";
import {
  GetAccessToken,
  newId,
  type Platform,
  StoreConnection,
  VaultRewrapSecrets,
  VaultRotateDataKeys,
  VaultRotateMasterKey,
  VaultStatus,
} from "@postd/contracts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { TokenService } from "../src/service";
import { startInProcess } from "./support/start-in-process";
import { createTokenTestEnv, newMasterSecret, type TokenTestEnv } from "./support/token-env";

const secretV1 = newMasterSecret();
const secretV2 = newMasterSecret();
const rotating = {
  TOKEN_VAULT_MASTER_SECRET: secretV2,
  TOKEN_VAULT_CURRENT_VERSION: "2",
  TOKEN_VAULT_MASTER_SECRETS: `1:${secretV1}`,
};
const rotated = { TOKEN_VAULT_MASTER_SECRET: secretV2, TOKEN_VAULT_CURRENT_VERSION: "2" };

let env: TokenTestEnv;
let connectors: ConnectorRegistry;
let service: TokenService | undefined;
const stored: Array<{ request: StoreRequest; connectionId: string }> = [];

beforeAll(async () => {
  env = await createTokenTestEnv({ env: { TOKEN_VAULT_MASTER_SECRET: secretV1 } });
  connectors = simConnectors(env.sim);
});

afterEach(async () => {
  await service?.stop();
  service = undefined;
});

afterAll(async () => {
  await env?.close();
});

async function store(platform: Platform) {
  const request = await connectViaSim(connectors, { tenantId: newId("tenant"), platform });
  const view = await env.rpc.call(StoreConnection, request);
  stored.push({ request, connectionId: view.id });
}

/** Every stored connection still hands back exactly the token it was given. */
async function expectEveryTokenDecrypts(): Promise<void> {
  for (const { request, connectionId } of stored) {
    const answer = await env.rpc.call(GetAccessToken, {
      tenantId: request.tenantId,
      connectionId,
      purpose: "vault-check",
    });
    expect(answer.accessToken).toBe(request.tokens.accessToken);
  }
}

describe("vault at start-up", () => {
  it("a wrong master key while encrypted rows exist: the process exits before serving, saying why", async () => {
    service = await startInProcess(env);
    await store("tiktok");
    await store("linkedin");
    await service.stop();
    service = undefined;

    const wrong = await env.spawn(
      { TOKEN_VAULT_MASTER_SECRET: newMasterSecret() },
      { readyWhen: /vault refused/ },
    );
    const exit = await wrong.waitForExit();
    expect(exit.code).not.toBe(0);
    expect(wrong.output()).toMatch(/vault refused the configured master key/);
    expect(wrong.output()).toMatch(/wrong_master_key/);
    expect(wrong.output()).not.toMatch(/token-service (started|ready)/);
    const [first] = stored;
    await expect(
      env.rpc.call(GetAccessToken, {
        tenantId: first?.request.tenantId ?? "",
        connectionId: first?.connectionId ?? "",
        purpose: "x",
      }),
    ).rejects.toMatchObject({ code: "UNAVAILABLE" });
  }, 120_000);

  it("a missing master key is refused by the configuration (exit 78)", async () => {
    const missing = await env.spawn(
      { TOKEN_VAULT_MASTER_SECRET: "" },
      { readyWhen: /TOKEN_VAULT_MASTER_SECRET/ },
    );
    await expect(missing.waitForExit()).resolves.toMatchObject({ code: 78 });
    expect(missing.output()).toMatch(/TOKEN_VAULT_MASTER_SECRET: required/);
  }, 60_000);
});

describe("master-key rotation", () => {
  it("add v2, restart, rotate: every data key moves to v2 and every secret still decrypts; then v1 can go", async () => {
    service = await startInProcess(env, rotating);
    await expect(env.rpc.call(VaultStatus, {})).resolves.toMatchObject({
      canary: "ok",
      masterKeyVersion: 2,
      dataKeysByMasterKeyVersion: { "1": 2 },
    });
    await store("gbp"); // a new tenant's data key is wrapped under v2 at once
    await expect(env.rpc.call(VaultStatus, {})).resolves.toMatchObject({
      dataKeysByMasterKeyVersion: { "1": 2, "2": 1 },
    });

    const rotation = await env.rpc.call(VaultRotateMasterKey, { batchSize: 1 });
    expect(rotation).toEqual({ rewrapped: 2, remaining: 0, masterKeyVersion: 2 });
    const status = await env.rpc.call(VaultStatus, {});
    expect(status.dataKeysByMasterKeyVersion).toEqual({ "2": 3 });
    await expectEveryTokenDecrypts();
    await service.stop();

    // v1 dropped: starts and serves; v1 alone is refused now
    service = await startInProcess(env, rotated);
    await expectEveryTokenDecrypts();
    await expect(env.rpc.call(VaultStatus, {})).resolves.toMatchObject({ canary: "ok", masterKeyVersion: 2 });
    await service.stop();
    service = undefined;
    await expect(startInProcess(env, { TOKEN_VAULT_MASTER_SECRET: secretV1 })).rejects.toMatchObject({
      code: "wrong_master_key",
    });
  });
});

describe("data-key rotation", () => {
  it("vault-rewrap-secrets after a data-key rotation leaves nothing on the old data-key version", async () => {
    service = await startInProcess(env, rotated);
    const before = await env.rpc.call(VaultStatus, {});
    expect(Object.keys(before.secretsByDataKeyVersion)).toEqual(["1"]);
    const secretCount = before.secretsByDataKeyVersion["1"] ?? 0;
    expect(secretCount).toBeGreaterThanOrEqual(stored.length * 2);

    const rotation = await env.rpc.call(VaultRotateDataKeys, {});
    expect(rotation.rotated).toBe(stored.length);
    expect(new Set(Object.values(rotation.versions))).toEqual(new Set([2]));
    await store("meta"); // written under its (new) tenant's first key, version 1
    const rewrap = await env.rpc.call(VaultRewrapSecrets, { batchSize: 2 });
    expect(rewrap).toEqual({ rewrapped: secretCount, remaining: 0 });

    const after = await env.rpc.call(VaultStatus, {});
    const newTenantSecrets = after.secretsByDataKeyVersion["1"] ?? 0;
    const [metaRow] = await env.sql<{ count: number }[]>`
      select count(*)::int as count from token.secrets where connection_id = ${stored.at(-1)?.connectionId ?? ""}`;
    expect(newTenantSecrets).toBe(metaRow?.count);
    expect(after.secretsByDataKeyVersion["2"]).toBe(secretCount);
    await expect(env.rpc.call(VaultRewrapSecrets, { batchSize: 100 })).resolves.toEqual({
      rewrapped: 0,
      remaining: 0,
    });
    await expectEveryTokenDecrypts();
  });
});
