import { randomUUID } from "node:crypto";
import type { DemoAccount, DemoContext } from "./demo-context";
import { DemoError, expectStatus } from "./demo-http";
import { type PostView, watchPost } from "./watch-post";

/** One account of each kind that takes a social post, in this order. */
export const socialKinds = [
  "facebook_page",
  "instagram_account",
  "linkedin_organization",
  "tiktok_account",
  "gbp_location",
] as const;

/** The first account of each kind (LinkedIn: a member when no organization is there). */
export function chooseAccounts(accounts: readonly DemoAccount[], kinds: readonly string[]): DemoAccount[] {
  return kinds.flatMap((kind) => {
    const account =
      accounts.find((candidate) => candidate.kind === kind) ??
      (kind === "linkedin_organization" ? accounts.find((c) => c.kind === "linkedin_member") : undefined);
    return account ? [account] : [];
  });
}

/** TikTok makes the poster pick a privacy level the account allows: its options say which. */
async function tiktokPrivacyLevel(context: DemoContext, accountId: string): Promise<string> {
  context.narrator.request(
    `GET /api/accounts/${accountId}/options   (TikTok: which privacy levels may I use?)`,
  );
  const answer = await expectStatus(
    "GET /api/accounts/:id/options",
    context.api<{ options: { privacyLevelOptions?: string[] } }>(`/api/accounts/${accountId}/options`),
    200,
  );
  const levels = answer.options.privacyLevelOptions ?? [];
  context.narrator.detail(`privacy levels: ${levels.join(", ") || "none listed"}`);
  return levels.includes("PUBLIC_TO_EVERYONE") ? "PUBLIC_TO_EVERYONE" : (levels[0] ?? "SELF_ONLY");
}

async function publish(context: DemoContext, body: Record<string, unknown>): Promise<string> {
  const key = `demo-${randomUUID()}`;
  context.narrator.request(`POST /api/publish   Idempotency-Key: ${key}`);
  const accepted = await expectStatus(
    "POST /api/publish",
    context.api<{ postId: string }>("/api/publish", {
      method: "POST",
      body,
      headers: { "idempotency-key": key },
    }),
    202,
  );
  context.narrator.done(`202 Accepted: post ${accepted.postId}, one publish job per account; watching it…`);
  return accepted.postId;
}

function expectAllPublished(post: PostView): void {
  const published = post.targets.filter((target) => target.status === "published");
  if (published.length !== post.targets.length) {
    throw new DemoError(
      `only ${published.length} of ${post.targets.length} targets of ${post.id} were published`,
    );
  }
}

const text = "Fresh sourdough is out of the oven. Come by before noon! (a POSTD demo post)";

/**
 * ③ One post to an account of every social kind (Facebook, Instagram, LinkedIn, TikTok, Business Profile) and
 * the same news to a Mailchimp audience as an email campaign; waits for every target, shows where each landed.
 */
export async function publishEverywhereStep(context: DemoContext): Promise<void> {
  const { narrator } = context;
  narrator.step("One post, every platform");
  const social = chooseAccounts(context.accounts, socialKinds);
  const [audience] = chooseAccounts(context.accounts, ["mailchimp_audience"]);
  if (social.length < socialKinds.length || !audience) throw new DemoError("some account kinds are missing");
  const tiktok = social.find((account) => account.kind === "tiktok_account");
  const privacyLevel = tiktok ? await tiktokPrivacyLevel(context, tiktok.id) : undefined;
  narrator.say(
    `One request publishes the post to ${social.length} accounts on four platforms; the Idempotency-Key makes ` +
      "a repeated request safe (the same key never publishes twice).",
  );
  const startedAt = Date.now();
  const postId = await publish(context, {
    targets: social.map((account) => ({
      accountId: account.id,
      options: account.kind === "tiktok_account" ? { privacyLevel, title: "Fresh sourdough" } : {},
    })),
    text,
    media: [{ url: "https://media.platform-sim.test/sourdough.jpg?bytes=4096", type: "image" }],
  });
  const post = await watchPost(context, postId);
  expectAllPublished(post);
  narrator.say(
    "Mailchimp sends email campaigns, not posts: the audience gets the same news with an email block.",
  );
  const campaignId = await publish(context, {
    targets: [{ accountId: audience.id }],
    text,
    email: {
      subject: "Fresh sourdough today",
      fromName: "Demo Bakery",
      replyTo: "hello@bakery.example",
      html: `<p>${text}</p>`,
    },
  });
  const campaign = await watchPost(context, campaignId);
  expectAllPublished(campaign);
  context.publishedPostIds = [postId, campaignId];
  narrator.done(`published on all five platforms in ${((Date.now() - startedAt) / 1000).toFixed(1)} s:`);
  for (const target of [...post.targets, ...campaign.targets]) {
    narrator.detail(`${target.platform.padEnd(9)} ${target.url ?? "(no public URL)"}`);
  }
}
