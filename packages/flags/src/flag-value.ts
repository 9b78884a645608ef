import type { Platform } from "@postd/contracts";
import { z } from "zod";

/** The KV bucket holding every flag (one key per flag), put through `namespacedName(ns, …)`. */
export const flagsBucketName = "postd_flags";

/**
 * A flag's name, also its key in the bucket: lower-case words joined by `_` or `-` (`integration_meta`,
 * `publish-v2`). No dots, so a name is exactly one KV key token.
 */
export const FlagName = z
  .string()
  .regex(
    /^[a-z][a-z0-9_-]{0,63}$/,
    "lower-case letters, digits, _ and -, starting with a letter, at most 64",
  );
export type FlagName = z.infer<typeof FlagName>;

const TenantList = z.array(z.string().min(1).max(100)).max(10_000);

/**
 * A flag as stored (JSON) and as `PUT /api/admin/flags/:name` takes it. Evaluation: deny list → off; allow list →
 * on; `enabled` false → off; otherwise on for the tenants whose rollout bucket is below `rolloutPercentage`.
 */
export const FlagValue = z.object({
  enabled: z.boolean(),
  /** 0 = nobody (except the allow list), 100 = everybody (except the deny list) */
  rolloutPercentage: z.number().int().min(0).max(100),
  tenants: z.object({
    allow: TenantList,
    deny: TenantList,
  }),
});
export type FlagValue = z.infer<typeof FlagValue>;

/** A flag as `list()`/`get()` answer it: its value with its name and where it stands in the bucket. */
export type StoredFlag = FlagValue & {
  name: string;
  /** the KV revision (stream sequence) of this value */
  revision: number;
  updatedAt: Date;
};

/** What `setRolloutPercentage`, `allowTenant`, … start from when the flag does not exist yet: on for nobody. */
export const blankFlagValue: FlagValue = Object.freeze({
  enabled: true,
  rolloutPercentage: 0,
  tenants: Object.freeze({ allow: [], deny: [] }),
}) as FlagValue;

/** What `ensureDefaultFlags` creates for each platform: on for everybody. */
export const defaultIntegrationFlagValue: FlagValue = Object.freeze({
  enabled: true,
  rolloutPercentage: 100,
  tenants: Object.freeze({ allow: [], deny: [] }),
}) as FlagValue;

/** `integration_<platform>`: whether a tenant may start OAuth or publish on that platform. */
export function integrationFlagName(platform: Platform): string {
  return `integration_${platform}`;
}
