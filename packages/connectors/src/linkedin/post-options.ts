import type { AccountKind } from "@postd/contracts";

export const memberVisibilities = ["PUBLIC", "CONNECTIONS"] as const;
export type LinkedInVisibility = (typeof memberVisibilities)[number];

/** Organization posts must be PUBLIC; members may also post to CONNECTIONS. */
export function visibilitiesFor(kind: AccountKind): readonly LinkedInVisibility[] {
  return kind === "linkedin_organization" ? ["PUBLIC"] : memberVisibilities;
}

/** The target's `options.visibility`, PUBLIC when absent. */
export function visibilityOf(options: Record<string, unknown>): unknown {
  return options.visibility ?? "PUBLIC";
}

/** Optional `options.linkTitle` / `options.linkDescription` for a link post's article card. */
export function optionalString(options: Record<string, unknown>, key: string): string | undefined {
  const value = options[key];
  return typeof value === "string" && value.length > 0 ? value : undefined;
}
