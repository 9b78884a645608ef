import { GetPost, type Platform } from "@postd/contracts";
import { expect } from "vitest";
import { simPosts } from "./posts";
import type { PublishEnv } from "./publish-env";

export interface SentPost {
  postId: string;
  platform: Platform;
  text: string;
}

/**
 * The exactly-once check: every accepted post ended `published` with exactly one post on the platform, or
 * `unconfirmed` with its evidence — never two posts. Answers how many ended each way.
 */
export async function expectExactlyOnce(
  env: PublishEnv,
  tenantId: string,
  sent: readonly SentPost[],
): Promise<{ published: number; unconfirmed: number }> {
  const held = new Map<Platform, string[]>();
  for (const platform of new Set(sent.map((post) => post.platform))) {
    held.set(
      platform,
      (await simPosts(env, platform)).map((post) => post.text.trim()),
    );
  }
  const tally = { published: 0, unconfirmed: 0 };
  for (const post of sent) {
    const view = await env.rpc.call(GetPost, { tenantId, postId: post.postId });
    const [target] = view.targets;
    const copies = (held.get(post.platform) ?? []).filter((text) => text === post.text).length;
    expect(copies, `${post.platform} "${post.text}" is on the platform ${copies} times`).toBeLessThanOrEqual(
      1,
    );
    if (target?.status === "published") {
      expect(copies, `${post.platform} "${post.text}" is published but not on the platform`).toBe(1);
      tally.published += 1;
    } else {
      expect(target?.status, `${post.platform} "${post.text}"`).toBe("unconfirmed");
      const [row] = await env.sql<{ evidence: string | null }[]>`
        select evidence from publish.targets where id = ${target?.id ?? ""}`;
      expect(row?.evidence).toMatch(/.{5,}/);
      tally.unconfirmed += 1;
    }
  }
  return tally;
}
