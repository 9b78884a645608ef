import { randomBytes } from "node:crypto";

const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

/**
 * A random token of lowercase letters and digits: safe in a Postgres identifier, a Redis key, a NATS subject
 * token and a JetStream stream name alike. 10 characters carry ~51 bits, enough for parallel test files.
 */
export function randomToken(options: { length?: number } = {}): string {
  const length = options.length ?? 10;
  const bytes = randomBytes(length);
  let token = "";
  for (const byte of bytes) token += alphabet[byte % alphabet.length];
  return token;
}
