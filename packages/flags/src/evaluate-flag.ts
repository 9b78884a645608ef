import { createHash } from "node:crypto";
import type { FlagValue } from "./flag-value";

/**
 * A tenant's place in a flag's rollout, 0–99: the first 4 bytes of SHA-256(`<flag>:<tenantId>`) as an unsigned
 * big-endian integer, mod 100. Stable across processes, restarts and versions (it is part of the contract: a
 * tenant at 30% stays on when the rollout grows), and independent between flags (the flag name is hashed in, so
 * the same tenants are not always the first to get every feature).
 */
export function rolloutBucket(name: string, tenantId: string): number {
  const digest = createHash("sha256").update(`${name}:${tenantId}`, "utf8").digest();
  return digest.readUInt32BE(0) % 100;
}

/**
 * Whether a flag is on for a tenant: deny list → off; allow list → on; `enabled` false → off; otherwise on when
 * the tenant's rollout bucket is below `rolloutPercentage`. A flag that does not exist (`null`/`undefined`) is off.
 */
export function evaluateFlag(flag: FlagValue | null | undefined, name: string, tenantId: string): boolean {
  if (!flag) return false;
  if (flag.tenants.deny.includes(tenantId)) return false;
  if (flag.tenants.allow.includes(tenantId)) return true;
  if (!flag.enabled) return false;
  if (flag.rolloutPercentage >= 100) return true;
  if (flag.rolloutPercentage <= 0) return false;
  return rolloutBucket(name, tenantId) < flag.rolloutPercentage;
}
