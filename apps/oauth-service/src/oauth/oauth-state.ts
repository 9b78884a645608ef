import { createHash, randomBytes } from "node:crypto";

/** 32 random bytes (256 bits) as base64url: 43 characters, safe in a URL without encoding. */
export function createState(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * What is stored and looked up instead of the state: SHA-256, hex. The state is a 256-bit random value, so a plain
 * hash (no salt, no slow KDF) is enough: nobody can guess a state from its hash, and a database leak does not hand
 * out states that complete someone's flow.
 */
export function hashState(state: string): string {
  return createHash("sha256").update(state, "utf8").digest("hex");
}
