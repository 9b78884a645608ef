import type {
  AcceptedPost,
  AccountKind,
  ConnectionView,
  Platform,
  PostView,
  TargetStatus,
} from "@postd/contracts";
import { CreatePost, GetPost } from "@postd/contracts";
import { randomToken } from "@postd/testing";
import { expect, vi } from "vitest";
import { accountOf, type PublishEnv } from "./publish-env";

/** Where each platform is posted to in the tests: the account kind and (when it matters) which one. */
export const destinations: Record<
  "facebook" | "instagram" | "linkedin" | "tiktok" | "gbp" | "mailchimp",
  { platform: Platform; kind: AccountKind; external?: string }
> = {
  facebook: { platform: "meta", kind: "facebook_page", external: "200000000000001" },
  instagram: { platform: "meta", kind: "instagram_account", external: "17841400000000001" },
  linkedin: { platform: "linkedin", kind: "linkedin_organization", external: "1001" },
  tiktok: { platform: "tiktok", kind: "tiktok_account" },
  gbp: { platform: "gbp", kind: "gbp_location" },
  mailchimp: { platform: "mailchimp", kind: "mailchimp_audience", external: "01" },
};
export type Destination = keyof typeof destinations;

/** A post body each platform accepts, whose text (Mailchimp: subject) is `text`, so the sim's posts can be counted. */
export function bodyFor(destination: Destination, accountId: string, text: string): Record<string, unknown> {
  const target = { accountId, options: {} as Record<string, unknown> };
  switch (destination) {
    case "instagram":
      return {
        targets: [target],
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
        targets: [target],
        text,
        email: {
          subject: text,
          fromName: "Ada's Bakery",
          replyTo: "hello@bakery.test",
          html: `<p>${text}</p>`,
        },
      };
    default:
      return { targets: [target], text };
  }
}

/** Connects the destination's platform for the tenant and answers the account to post to. */
export async function connectDestination(
  env: PublishEnv,
  tenantId: string,
  destination: Destination,
): Promise<{ connection: ConnectionView; accountId: string }> {
  const { platform, kind, external } = destinations[destination];
  const connection = await env.connect({ tenantId, platform });
  return { connection, accountId: accountOf(connection, kind, external) };
}

export async function publish(
  env: PublishEnv,
  input: { tenantId: string; body: unknown; key?: string },
): Promise<AcceptedPost> {
  const { post } = await env.rpc.call(CreatePost, {
    tenantId: input.tenantId,
    idempotencyKey: input.key ?? `key-${randomToken()}`,
    body: input.body,
  });
  return post;
}

const settled: readonly TargetStatus[] = [
  "published",
  "unconfirmed",
  "dead_lettered",
  "failed",
  "cancelled",
  "deleted",
];

/** Waits until every target of the post is in one of `statuses` (default: any final status); answers the post. */
export async function waitForTargets(
  env: PublishEnv,
  input: { tenantId: string; postId: string; statuses?: readonly TargetStatus[]; timeoutMs?: number },
): Promise<PostView> {
  const wanted = input.statuses ?? settled;
  return vi.waitFor(
    async () => {
      const post = await env.rpc.call(GetPost, { tenantId: input.tenantId, postId: input.postId });
      const unsettled = post.targets
        .filter((t) => !wanted.includes(t.status))
        .map((t) => ({ id: t.id, status: t.status, attempts: t.attempts, lastError: t.lastError }));
      expect(unsettled, `${input.postId}'s targets not yet ${wanted.join("/")}`).toEqual([]);
      return post;
    },
    { timeout: input.timeoutMs ?? 20_000, interval: 50 },
  );
}

export interface SimPost {
  platform: Platform;
  accountId: string;
  postId: string;
  text: string;
  deleted: boolean;
  details: Record<string, unknown>;
}

/** What the sim holds as published for the platform (deleted ones too when asked). */
export async function simPosts(
  env: PublishEnv,
  platform: Platform,
  includeDeleted = false,
): Promise<SimPost[]> {
  const query = new URLSearchParams({ platform, includeDeleted: String(includeDeleted) });
  return (await env.sim.control<{ data: SimPost[] }>("GET", `/_sim/posts?${query}`)).data;
}

/** How many posts the sim holds with exactly this text. */
export async function simCount(env: PublishEnv, platform: Platform, text: string): Promise<number> {
  return (await simPosts(env, platform)).filter((post) => post.text.trim() === text).length;
}

export function uniqueText(label: string): string {
  return `${label} ${randomToken()}`;
}
