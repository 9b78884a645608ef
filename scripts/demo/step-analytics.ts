import type { DemoContext } from "./demo-context";
import { DemoError, expectStatus } from "./demo-http";

interface Analytics {
  targets: {
    targetId: string;
    platform: string;
    metrics: Record<string, number | undefined>;
    fetchedAt: string;
  }[];
}

/** "impressions 120 · likes 7" from whatever metrics the platform reports. */
export function describeMetrics(metrics: Record<string, number | undefined>): string {
  const shown = Object.entries(metrics)
    .filter((entry): entry is [string, number] => typeof entry[1] === "number")
    .map(([name, value]) => `${name} ${value}`);
  return shown.join(" · ") || "nothing reported yet";
}

/** ⑥ The published posts' numbers, fetched from each platform and normalized to one shape. */
export async function analyticsStep(context: DemoContext): Promise<void> {
  const { narrator } = context;
  narrator.step("Analytics, one shape for every platform");
  if (context.publishedPostIds.length === 0) throw new DemoError("no published post to read analytics of");
  narrator.say(
    "POSTD asks each platform for the post's numbers and answers them with the same names everywhere.",
  );
  for (const postId of context.publishedPostIds) {
    narrator.request(`GET /api/posts/${postId}/analytics`);
    const analytics = await expectStatus(
      "GET /api/posts/:id/analytics",
      context.api<Analytics>(`/api/posts/${postId}/analytics`),
      200,
    );
    for (const target of analytics.targets) {
      narrator.done(`${target.platform.padEnd(9)} ${describeMetrics(target.metrics)}`);
    }
  }
}
