import { createHash, randomBytes } from "node:crypto";

/** RFC 7636: a 43–128 character verifier from the unreserved set; 32 random bytes make 43. */
export function createCodeVerifier(): string {
  return randomBytes(32).toString("base64url");
}

/** RFC 7636 S256: BASE64URL(SHA256(ASCII(verifier))). */
export function codeChallengeS256(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}
