import { type Answer, type CallOptions, call } from "./demo-http";
import type { Narrator } from "./narrator";

/** Where the running system is, and the admin key from .env. */
export interface DemoTarget {
  readonly gatewayUrl: string;
  readonly simUrl: string;
  readonly adminKey: string;
}

/** A connected account the demo may post to (from `GET /api/connections`). */
export interface DemoAccount {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly platform: string;
}

/** What the steps share: the system, the narrator, and what earlier steps made. */
export interface DemoContext {
  readonly target: DemoTarget;
  readonly narrator: Narrator;
  /** a call to the gateway (`path` from /api…), as the demo tenant unless `key` says otherwise */
  api<T = unknown>(path: string, options?: CallOptions): Promise<Answer<T>>;
  /** a call to platform-sim's control API (`/_sim/…`) */
  sim<T = unknown>(path: string, options?: CallOptions): Promise<Answer<T>>;
  tenant?: { tenantId: string; apiKey: string };
  accounts: DemoAccount[];
  /** the posts of step "publish everywhere", for the analytics */
  publishedPostIds: string[];
}

export function createDemoContext(target: DemoTarget, narrator: Narrator): DemoContext {
  const context: DemoContext = {
    target,
    narrator,
    accounts: [],
    publishedPostIds: [],
    api: (path, options = {}) =>
      call(`${target.gatewayUrl}${path}`, {
        ...options,
        ...(options.key === undefined && context.tenant ? { key: context.tenant.apiKey } : {}),
      }),
    sim: (path, options = {}) => call(`${target.simUrl}${path}`, options),
  };
  return context;
}

/** How the accounts read in the narration. */
export const kindLabels: Record<string, string> = {
  facebook_page: "Facebook Page",
  instagram_account: "Instagram account",
  linkedin_member: "LinkedIn member",
  linkedin_organization: "LinkedIn organization",
  tiktok_account: "TikTok account",
  gbp_location: "Business Profile location",
  mailchimp_audience: "Mailchimp audience",
};

export function describeAccount(account: Pick<DemoAccount, "name" | "kind">): string {
  return `${kindLabels[account.kind] ?? account.kind} "${account.name}"`;
}
