import {
  type AccountAccess,
  ConnectorError,
  type EmailContent,
  isConnectorError,
  type PublishedPost,
  type PublishInput,
  type PublishProgress,
} from "../core/index";
import { type Campaign, getCampaign, hasBeenSent, isDraft, publishedPost } from "./campaign";
import { findCampaignByTitle } from "./campaign-search";
import type { MailchimpContext } from "./context";
import { type ApiTarget, resolveApiTarget } from "./mailchimp-api";
import { withoutCampaign } from "./publish-progress";
import { checkReadyToSend, createCampaign, type Step, sendCampaign, setContent } from "./publish-steps";
import { validateMailchimpPost } from "./validate-post";

/** How far back a draft of ours (same title) is adopted instead of creating another campaign. */
const draftLookbackMs = 7 * 86_400_000;

interface Flow {
  context: MailchimpContext;
  target: ApiTarget;
  access: AccountAccess;
  input: PublishInput;
  progress: PublishProgress;
}

/**
 * Sends the post as a campaign now: create (or resume) → content → checklist → send. The campaign id is saved
 * the moment it exists; a retry reads the campaign first and, if it is already sending or sent, returns it
 * instead of sending twice; otherwise it continues from the missing step.
 */
export async function publishMailchimp(
  context: MailchimpContext,
  access: AccountAccess,
  input: PublishInput,
): Promise<PublishedPost> {
  const email = validEmail(access, input);
  const target = await resolveApiTarget(context, access, "publish");
  const flow: Flow = { context, target, access, input, progress: { ...input.progress } };
  const campaign = flow.progress.campaignId
    ? await resume(flow, flow.progress.campaignId)
    : await start(flow, email);
  if (hasBeenSent(campaign)) return publishedPost(campaign);
  const step: Step = {
    context,
    target,
    campaignId: campaign.id,
    ...(input.signal ? { signal: input.signal } : {}),
  };
  if (flow.progress.contentSet !== "true") {
    await setContent(step, email.html);
    await save(flow, { ...flow.progress, contentSet: "true" });
  }
  if (context.config.checkBeforeSend) await checkReadyToSend(step);
  await sendCampaign(step);
  return publishedPost(campaign);
}

/** A draft of ours from an attempt whose answer was lost (same title, unsent) is adopted; else a new one. */
async function start(flow: Flow, email: EmailContent): Promise<Campaign> {
  const { context, target, access, input } = flow;
  const { campaign: draft } = await findCampaignByTitle(context, target, {
    operation: "publish.find_draft",
    listId: access.account.externalId,
    title: input.post.reference,
    since: new Date(context.deps.clock.now() - draftLookbackMs),
    status: "save",
    ...(input.signal ? { signal: input.signal } : {}),
  });
  const campaign =
    draft ??
    (await createCampaign(context, target, {
      access,
      post: input.post,
      email,
      ...(input.signal ? { signal: input.signal } : {}),
    }));
  await save(flow, { ...flow.progress, campaignId: campaign.id });
  return campaign;
}

/** The campaign of an earlier attempt: sent → done; a draft → continue; gone or otherwise → refuse. */
async function resume(flow: Flow, campaignId: string): Promise<Campaign> {
  let campaign: Campaign;
  try {
    campaign = await getCampaign(flow.context, flow.target, {
      campaignId,
      operation: "publish.resume",
      ...(flow.input.signal ? { signal: flow.input.signal } : {}),
    });
  } catch (error) {
    if (!isConnectorError(error) || error.httpStatus !== 404) throw error;
    // someone deleted the draft: do not recreate it behind their back, but let a deliberate replay start afresh
    await save(flow, withoutCampaign(flow.progress));
    throw refusal(`campaign ${campaignId} no longer exists in Mailchimp`, "campaign_deleted", error);
  }
  if (hasBeenSent(campaign) || isDraft(campaign)) return campaign;
  throw refusal(
    `campaign ${campaignId} is ${campaign.status} in Mailchimp; POSTD will not send it`,
    "campaign_state",
  );
}

async function save(flow: Flow, progress: PublishProgress): Promise<void> {
  flow.progress = progress;
  await flow.input.saveProgress(progress);
}

function validEmail(access: AccountAccess, input: PublishInput): EmailContent {
  const problems = validateMailchimpPost(access.account, input.post);
  if (problems.length === 0 && input.post.email) return input.post.email;
  throw refusal(problems.map((p) => `${p.path}: ${p.message}`).join("; "), "validation_failed");
}

function refusal(detail: string, platformCode: string, cause?: unknown): ConnectorError {
  return new ConnectorError({
    kind: "invalid_request",
    platform: "mailchimp",
    platformCode,
    message: `publish: ${detail}`,
    ...(cause === undefined ? {} : { cause }),
  });
}
