import { createHash, timingSafeEqual } from "node:crypto";

/** Constant-time comparison whatever the lengths: both sides are hashed to 32 bytes first. */
export function isAdminKey(candidate: string, adminKey: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return timingSafeEqual(digest(candidate), digest(adminKey));
}
