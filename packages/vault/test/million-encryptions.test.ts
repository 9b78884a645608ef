import { expect, it } from "vitest";
import { context, makeVault } from "./support/fixtures";

const COUNT = 1_000_000;
const NONCE_START = 5;
const NONCE_END = 17;

// Sequential and in-process, as the vault runs in a service. On a loaded 2-core machine this takes minutes.
it("encrypts 1,000,000 values under one key with unique nonces, and every one decrypts", {
  timeout: 900_000,
}, async () => {
  const { vault, store } = makeVault();
  const nonces = new Set<string>();
  let wrongPlaintexts = 0;
  for (let i = 0; i < COUNT; i++) {
    const plaintext = `token-${i}`;
    const ciphertext = await vault.encrypt({ ...context, plaintext });
    nonces.add(Buffer.from(ciphertext.slice(3), "base64url").toString("latin1", NONCE_START, NONCE_END));
    if ((await vault.decrypt({ ...context, ciphertext })) !== plaintext) wrongPlaintexts += 1;
  }
  expect(nonces.size).toBe(COUNT);
  expect(wrongPlaintexts).toBe(0);
  expect(await store.findDataKeysByTenant(context.tenantId)).toHaveLength(1);
});
