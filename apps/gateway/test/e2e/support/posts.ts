import type { AcceptedPost, AccountKind, Platform, PostView, TargetStatus } from "@postd/contracts";
import { randomToken } from "@postd/testing";
import { expect, vi } from "vitest";
import type { AnyE2eSystem as E2eSystem, Tenant } from "./e2e-system";
import { type Answer, expectStatus } from "./http";

/** Where each platform is posted to: the account kind (and, where it matters, which account). */
export const destinations = {
  facebook: { platform: "meta", kind: "facebook_page" },
  instagram: { platform: "meta", kind: "instagram_account" },
  linkedin: { platform: "linkedin", kind: "linkedin_organization" },
  tiktok: { platform: "tiktok", kind: "tiktok_account" },
  gbp: { platform: "gbp", kind: "gbp_location" },
  mailchimp: { platform: "mailchimp", kind: "mailchimp_audience" },
} as const satisfies Record<string, { platform: Platform; kind: AccountKind }>;
export type Destination = keyof typeof destinations;
export const allDestinations = Object.keys(destinations) as Destination[];

/** A post body the destination accepts whose text (Mailchimp: subject) is `text`, so the sim's copies can be counted. */
export function bodyFor(destination: Destination, accountId: string, text: string): Record<string, unknown> {
  switch (destination) {
    case "instagram":
      return {
        targets: [{ accountId }],
        text,
        media: [{ url: `https://media.platform-sim.test/${randomToken()}.jpg?bytes=2048`, type: "image" }],
      };
    case "tiktok":
      return {
        targets: [{ accountId, options: { privacyLevel: "PUBLIC_TO_EVERYONE" } }],
        text,
        media: [{ url: "https://media.platform-sim.test/clip.mp4?bytes=2048", type: "video" }],
      };
    case "mailchimp":
      return {
        targets: [{ accountId }],
        text,
        email: {
          subject: text,
          fromName: "Ada's Bakery",
          replyTo: "hello@bakery.test",
          html: `<p>${text}</p>`,
        },
      };
    default:
      return { targets: [{ accountId }], text };
  }
}

export function uniqueText(label: string): string {
  return `${label} ${randomToken()}`;
}

/** `POST /api/publish` with an Idempotency-Key (a fresh one unless given): the whole answer. */
export function postPublish(
  e2e: E2eSystem,
  tenant: Tenant,
  body: unknown,
  key: string | null = `key-${randomToken()}`,
): Promise<Answer<AcceptedPost>> {
  return e2e.gateway<AcceptedPost>("/api/publish", {
    key: tenant.apiKey,
    body,
    headers: key === null ? {} : { "idempotency-key": key },
  });
}

export async function publish(e2e: E2eSystem, tenant: Tenant, body: unknown): Promise<AcceptedPost> {
  return expectStatus(postPublish(e2e, tenant, body), 202);
}

export function getPost(e2e: E2eSystem, tenant: Tenant, postId: string): Promise<PostView> {
  return expectStatus(e2e.gateway<PostView>(`/api/posts/${postId}`, { key: tenant.apiKey }), 200);
}

const final: readonly TargetStatus[] = [
  "published",
  "unconfirmed",
  "dead_lettered",
  "failed",
  "cancelled",
  "deleted",
];

/** Waits (on GET /api/posts/:id) until every target is in one of `statuses` (default: any final one). */
export function waitForTargets(
  e2e: E2eSystem,
  tenant: Tenant,
  postId: string,
  options: { statuses?: readonly TargetStatus[]; timeoutMs?: number } = {},
): Promise<PostView> {
  const wanted = options.statuses ?? final;
  return vi.waitFor(
    async () => {
      const post = await getPost(e2e, tenant, postId);
      expect(post.targets.map((t) => t.status).every((s) => wanted.includes(s))).toBe(true);
      return post;
    },
    { timeout: options.timeoutMs ?? 30_000, interval: 100 },
  );
}

export interface SimPost {
  platform: Platform;
  accountId: string;
  postId: string;
  text: string;
  deleted: boolean;
}

/** What the sim holds as published on the platform (deleted ones too when asked). */
export async function simPosts(
  e2e: E2eSystem,
  platform: Platform,
  includeDeleted = false,
): Promise<SimPost[]> {
  const query = new URLSearchParams({ platform, includeDeleted: String(includeDeleted) });
  return (await expectStatus(e2e.sim<{ data: SimPost[] }>(`/_sim/posts?${query}`), 200)).data;
}

/** How many posts the sim holds with exactly this text. */
export async function simCount(e2e: E2eSystem, platform: Platform, text: string): Promise<number> {
  return (await simPosts(e2e, platform)).filter((post) => post.text.trim() === text).length;
}

/** Injects a platform fault through the sim's control API (`POST /_sim/faults`). */
export async function injectFault(e2e: E2eSystem, rule: Record<string, unknown>): Promise<void> {
  await expectStatus(e2e.sim("/_sim/faults", { body: rule }), 201);
}

export async function clearFaults(e2e: E2eSystem): Promise<void> {
  await expectStatus(e2e.sim("/_sim/faults", { method: "DELETE" }), 204);
}

/** LinkedIn's post creation answers `status` the next `count` times. */
export function failLinkedInPosts(
  e2e: E2eSystem,
  input: { count: number; status: number; headers?: Record<string, string>; message?: string },
): Promise<void> {
  return injectFault(e2e, {
    host: "api.linkedin.com",
    method: "POST",
    path: "re:^/rest/posts$",
    count: input.count,
    action: {
      type: "respond",
      status: input.status,
      headers: { "content-type": "application/json", ...input.headers },
      body: {
        status: input.status,
        serviceErrorCode: 100,
        message: input.message ?? `injected ${input.status}`,
      },
    },
  });
}
