import { randomBytes } from "node:crypto";

/** Every id carries a prefix that says what it names, so a stray id in a log explains itself. */
export const idPrefixes = {
  tenant: "ten",
  apiKey: "key",
  connection: "con",
  account: "acc",
  oauthSession: "oas",
  post: "pst",
  target: "tgt",
  attempt: "att",
  deadLetter: "dlq",
  event: "evt",
  webhookEndpoint: "whe",
  webhookDelivery: "whd",
  webhookReceipt: "whr",
  auditEntry: "aud",
  healthCheck: "hck",
  request: "req",
} as const;
export type IdKind = keyof typeof idPrefixes;

const alphabet = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base32, lower case

/**
 * `<prefix>_<10 chars of time><16 chars of randomness>`: sortable by creation time, 80 random bits, never all digits
 * (BullMQ refuses all-digit job ids).
 */
export function newId(kind: IdKind, now: number = Date.now()): string {
  let time = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = alphabet[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(16);
  let random = "";
  for (const byte of bytes) random += alphabet[byte % 32];
  return `${idPrefixes[kind]}_${time}${random}`;
}

export function isId(kind: IdKind, value: string): boolean {
  return new RegExp(`^${idPrefixes[kind]}_[0-9a-z]{26}$`).test(value);
}
