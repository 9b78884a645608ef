import type { DemoContext } from "./demo-context";
import { DemoError, expectStatus } from "./demo-http";
import { accountOfKind, injectFault, publishText } from "./publish-one";
import { watchPost } from "./watch-post";

interface DeadLetter {
  id: string;
  postId: string;
  platform: string;
  reason: string;
  error: { code: string; message: string };
  attempts: number;
}

/** ⑤ Meta answers 400 once: no retry can fix that, so the target is dead-lettered; then it is replayed. */
export async function deadLetterStep(context: DemoContext): Promise<void> {
  const { narrator } = context;
  narrator.step("A dead letter, and its replay");
  const account = accountOfKind(context, "facebook_page");
  narrator.say(
    "Now Meta rejects the next Page post with 400 (error code 100, invalid parameter). Retrying would not help, " +
      "so POSTD does not: the target goes straight to the dead-letter queue with the reason, for someone to look " +
      "at and replay once the cause is fixed.",
  );
  narrator.request('POST /_sim/faults {"host":"graph.facebook.com","path":"/feed","action":{"status":400}}');
  await injectFault(context, {
    host: "graph.facebook.com",
    method: "POST",
    path: "/feed",
    count: 1,
    action: {
      type: "respond",
      status: 400,
      body: {
        error: {
          message: "(#100) Invalid parameter (a POSTD demo fault)",
          type: "OAuthException",
          code: 100,
          fbtrace_id: "DemoTrace",
        },
      },
    },
  });
  const postId = await publishText(context, { account, text: "Croissants on Sundays from now on." });
  await watchPost(context, postId, { until: ["dead_lettered"] });
  const letters = await expectStatus(
    "GET /api/dead-letters",
    context.api<{ data: DeadLetter[] }>("/api/dead-letters"),
    200,
  );
  const letter = letters.data.find((candidate) => candidate.postId === postId);
  if (!letter) throw new DemoError(`post ${postId} is dead-lettered but not in GET /api/dead-letters`);
  narrator.request("GET /api/dead-letters");
  narrator.done(`dead letter ${letter.id} after ${letter.attempts} attempt(s), code ${letter.error.code}`);
  narrator.detail(`reason: ${letter.reason}`);
  narrator.say("The fault was a one-off, so a replay should go through:");
  narrator.request(`POST /api/dead-letters/${letter.id}/replay`);
  await expectStatus(
    "POST /api/dead-letters/:id/replay",
    context.api(`/api/dead-letters/${letter.id}/replay`, { method: "POST" }),
    202,
  );
  const post = await watchPost(context, postId);
  if (post.targets[0]?.status !== "published") {
    throw new DemoError(`the replayed target ended ${post.targets[0]?.status}, not published`);
  }
  narrator.done("replayed and published");
}
