import { setTimeout as delay } from "node:timers/promises";
import { type DemoContext, describeAccount } from "./demo-context";
import { DemoError, expectStatus } from "./demo-http";

export interface TargetView {
  id: string;
  accountId: string;
  platform: string;
  accountKind: string;
  status: string;
  attempts: number;
  url: string | null;
  lastError: { code: string; message: string } | null;
}

export interface PostView {
  id: string;
  status: string;
  targets: TargetView[];
}

export const finalStatuses = ["published", "unconfirmed", "dead_lettered", "failed", "cancelled", "deleted"];

function label(context: DemoContext, target: TargetView): string {
  const account = context.accounts.find((candidate) => candidate.id === target.accountId);
  return account ? describeAccount(account) : target.accountKind;
}

function describeChange(target: TargetView): string {
  const attempt = target.attempts > 0 ? ` (attempt ${target.attempts})` : "";
  const failed =
    target.status === "retrying" || target.status === "dead_lettered" || target.status === "failed";
  const error = target.lastError && failed ? ` — ${target.lastError.message}` : "";
  return `${target.status}${attempt}${error}`;
}

/**
 * Polls GET /api/posts/:id and narrates every target's status changes until each is in one of `until`
 * (default: any final status). Answers the post as it ended.
 */
export async function watchPost(
  context: DemoContext,
  postId: string,
  options: { until?: readonly string[]; timeoutMs?: number } = {},
): Promise<PostView> {
  const until = options.until ?? finalStatuses;
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  const seen = new Map<string, string>();
  for (;;) {
    const post = await expectStatus(
      `GET /api/posts/${postId}`,
      context.api<PostView>(`/api/posts/${postId}`),
      200,
    );
    for (const target of post.targets) {
      const now = describeChange(target);
      if (seen.get(target.id) === now) continue;
      seen.set(target.id, now);
      context.narrator.detail(`${label(context, target).padEnd(44)} ${now}`);
    }
    if (post.targets.every((target) => until.includes(target.status))) return post;
    if (Date.now() > deadline) {
      throw new DemoError(`post ${postId} still has targets running after ${options.timeoutMs ?? 90_000} ms`);
    }
    await delay(250);
  }
}
