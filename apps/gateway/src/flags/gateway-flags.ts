import { type Flags, FlagValue } from "@postd/flags";
import { z } from "zod";

/** What the gateway uses of `@postd/flags`: evaluation for OAuth start, list and set for the admin routes. */
export type GatewayFlags = Pick<Flags, "isEnabled" | "list" | "set">;

/** A flag as the admin API answers it. */
export const FlagView = FlagValue.extend({
  name: z.string(),
  /** the KV revision of this value */
  revision: z.number().int(),
  updatedAt: z.iso.datetime(),
});
export type FlagView = z.infer<typeof FlagView>;

export function toFlagView(flag: Awaited<ReturnType<Flags["set"]>>): FlagView {
  return {
    name: flag.name,
    enabled: flag.enabled,
    rolloutPercentage: flag.rolloutPercentage,
    tenants: { allow: [...flag.tenants.allow], deny: [...flag.tenants.deny] },
    revision: flag.revision,
    updatedAt: flag.updatedAt.toISOString(),
  };
}
