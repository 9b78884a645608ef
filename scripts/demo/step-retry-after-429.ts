import type { DemoContext } from "./demo-context";
import { DemoError } from "./demo-http";
import { accountOfKind, injectFault, publishText } from "./publish-one";
import { watchPost } from "./watch-post";

/** ④ LinkedIn answers 429 once (a sim fault): the job waits as told (Retry-After) and the retry publishes. */
export async function retryAfter429Step(context: DemoContext): Promise<void> {
  const { narrator } = context;
  narrator.step("A rate limit: retried, not lost");
  const account =
    context.accounts.find((candidate) => candidate.kind === "linkedin_organization") ??
    accountOfKind(context, "linkedin_member");
  narrator.say(
    "platform-sim is told to answer LinkedIn's next POST /rest/posts with 429 Too Many Requests and " +
      "Retry-After: 2. POSTD classifies that as rate_limited, waits as long as LinkedIn asked (or its own " +
      "1 s, 3 s, 9 s, 27 s schedule, whichever is longer) and tries again.",
  );
  narrator.request(
    'POST /_sim/faults {"host":"api.linkedin.com","path":"/rest/posts","action":{"status":429}}',
  );
  await injectFault(context, {
    host: "api.linkedin.com",
    method: "POST",
    path: "/rest/posts",
    count: 1,
    action: {
      type: "respond",
      status: 429,
      headers: { "retry-after": "2" },
      body: { status: 429, message: "Resource level throttle limit reached (a POSTD demo fault)" },
    },
  });
  const postId = await publishText(context, {
    account,
    text: "Our bread, now on LinkedIn too. (a retried demo post)",
  });
  const post = await watchPost(context, postId);
  const target = post.targets[0];
  if (target?.status !== "published" || target.attempts < 2) {
    throw new DemoError(
      `expected a published target after a retry, got ${target?.status} (${target?.attempts} attempts)`,
    );
  }
  narrator.done(`published on attempt ${target.attempts}: the 429 cost a short wait, not the post`);
}
