import { describe, expect, it } from "vitest";
import {
  createLocalKeyProvider,
  type DataKeyStore,
  InMemoryCanaryStore,
  InMemoryDataKeyStore,
  isVaultError,
  openVault,
} from "../src/index";
import { context, secretA, secretB } from "./support/fixtures";

interface Deployment {
  dataKeyStore: DataKeyStore;
  canaryStore: InMemoryCanaryStore;
}

/** What token-service's main does: config → key provider → openVault → serve. Returns whether it served. */
async function startService(
  deployment: Deployment,
  secrets: Record<number, string>,
): Promise<{ served: boolean }> {
  const { vault } = await openVault({ keyProvider: createLocalKeyProvider({ secrets }), ...deployment });
  await vault.encrypt({ ...context, recordId: "con_startup", plaintext: "t" });
  return { served: true };
}

async function startupError(deployment: Deployment, secrets: Record<number, string>) {
  const outcome = await startService(deployment, secrets).catch((error: unknown) => error);
  if (!isVaultError(outcome)) throw new Error(`the service started: ${JSON.stringify(outcome)}`);
  return outcome;
}

describe("master key at start-up", () => {
  it("stops a process with the wrong master key while encrypted rows exist", async () => {
    const deployment = { dataKeyStore: new InMemoryDataKeyStore(), canaryStore: new InMemoryCanaryStore() };
    expect(await startService(deployment, { 1: secretA })).toEqual({ served: true });
    const error = await startupError(deployment, { 1: secretB });
    expect(error.code).toBe("wrong_master_key");
    expect(error.message).not.toContain(secretB);
    expect(await startService(deployment, { 1: secretA })).toEqual({ served: true });
  });

  it("stops a process whose configured versions do not include the data's", async () => {
    const deployment = { dataKeyStore: new InMemoryDataKeyStore(), canaryStore: new InMemoryCanaryStore() };
    await startService(deployment, { 1: secretA });
    expect((await startupError(deployment, { 2: secretA })).code).toBe("wrong_master_key");
  });

  it("stops a process with a missing or short secret, saying what is wrong", async () => {
    const deployment = { dataKeyStore: new InMemoryDataKeyStore(), canaryStore: new InMemoryCanaryStore() };
    const missing = await startupError(deployment, { 1: undefined as unknown as string });
    expect(missing).toMatchObject({ code: "invalid_config", message: "master secret version 1 is missing" });
    const short = await startupError(deployment, { 1: "too-short-secret" });
    expect(short).toMatchObject({
      code: "invalid_config",
      message: "master secret version 1 is 16 bytes; at least 32 are required",
    });
    expect((await startupError(deployment, {})).message).toBe("no master secret is configured");
  });

  it("stops a wrong key even when the canary row was lost", async () => {
    const deployment = { dataKeyStore: new InMemoryDataKeyStore(), canaryStore: new InMemoryCanaryStore() };
    await startService(deployment, { 1: secretA });
    const wiped = { ...deployment, canaryStore: new InMemoryCanaryStore() };
    expect((await startupError(wiped, { 1: secretB })).code).toBe("wrong_master_key");
  });
});
