import { Platform } from "@postd/contracts";
import { z } from "zod";

const Lifetime = z.object({
  /** seconds; null: never expires */
  accessTtlSeconds: z.number().int().positive().nullable(),
  /** seconds; null: never expires (only meaningful where the platform issues refresh tokens) */
  refreshTtlSeconds: z.number().int().positive().nullable(),
});
export type Lifetime = z.infer<typeof Lifetime>;

/** How the emulator behaves; changed at run time with `PUT /_sim/settings`. */
export const SimSettings = z.object({
  /** added to every platform request, for benchmarks and latency tests */
  latencyMs: z.number().int().nonnegative().default(0),
  /** apply the platforms' rate limits (TikTok 6 inits/min, Mailchimp 10 in flight, GBP 300/min, …) */
  rateLimits: z.boolean().default(true),
  /** apply daily quotas (Instagram's publishing limit, TikTok's daily cap) */
  quotas: z.boolean().default(true),
  /** how many status polls an asynchronous state (IG container, TikTok publish, LinkedIn video) takes to finish */
  asyncPolls: z.number().int().nonnegative().default(1),
  /** the platforms' token lifetimes (defaults from platform-apis.md) */
  lifetimes: z.partialRecord(Platform, Lifetime).default({}),
  /**
   * put before every token and authorization code issued from now on: a canary string that leak tests search
   * dumps, logs and traces for (empty: the platforms' own shapes only)
   */
  tokenPrefix: z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9_-]*$/, "letters, digits, _ and - only")
    .default(""),
});
export type SimSettings = z.infer<typeof SimSettings>;

export const defaultLifetimes: Record<Platform, Lifetime> = {
  meta: { accessTtlSeconds: 2 * 3600, refreshTtlSeconds: null },
  linkedin: { accessTtlSeconds: 60 * 86_400, refreshTtlSeconds: 365 * 86_400 },
  tiktok: { accessTtlSeconds: 2 * 3600, refreshTtlSeconds: 180 * 86_400 },
  gbp: { accessTtlSeconds: 3599, refreshTtlSeconds: null },
  mailchimp: { accessTtlSeconds: null, refreshTtlSeconds: null },
};

export function lifetimeOf(settings: SimSettings, platform: Platform): Lifetime {
  return settings.lifetimes[platform] ?? defaultLifetimes[platform];
}

/** The app credentials the emulator accepts, per platform (`SIM_<PLATFORM>_CLIENT_ID` / `_CLIENT_SECRET`). */
export interface SimApp {
  clientId: string;
  clientSecret: string;
}

export function defaultApps(env: Record<string, string | undefined> = {}): Record<Platform, SimApp> {
  const app = (platform: Platform): SimApp => ({
    clientId: env[`SIM_${platform.toUpperCase()}_CLIENT_ID`] ?? `postd-sim-${platform}`,
    clientSecret: env[`SIM_${platform.toUpperCase()}_CLIENT_SECRET`] ?? `postd-sim-${platform}-secret`,
  });
  return {
    meta: app("meta"),
    linkedin: app("linkedin"),
    tiktok: app("tiktok"),
    gbp: app("gbp"),
    mailchimp: app("mailchimp"),
  };
}
