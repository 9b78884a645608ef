import { createHash, randomBytes } from "node:crypto";

/** Every key starts so: a leaked key is recognisable by secret scanners and in a person's clipboard. */
export const apiKeyPrefix = "postd_live_";
const apiKeyPattern = /^postd_live_[A-Za-z0-9_-]{43}$/;
/** how much of a key is kept in clear, to tell keys apart in a list */
const displayLength = apiKeyPrefix.length + 4;

export interface NewApiKey {
  /** shown once to the caller, never stored */
  apiKey: string;
  keyHash: string;
  prefix: string;
}

/** 256 random bits, base64url: `postd_live_<43 chars>`. */
export function generateApiKey(): NewApiKey {
  const apiKey = `${apiKeyPrefix}${randomBytes(32).toString("base64url")}`;
  return { apiKey, keyHash: hashApiKey(apiKey), prefix: apiKey.slice(0, displayLength) };
}

/**
 * The stored form: hex SHA-256. A key has 256 bits of entropy, so a fast unsalted hash is enough (nothing to
 * brute-force) and lets a request's key be found by an index lookup.
 */
export function hashApiKey(apiKey: string): string {
  return createHash("sha256").update(apiKey, "utf8").digest("hex");
}

export function isApiKeyFormat(token: string): boolean {
  return apiKeyPattern.test(token);
}
