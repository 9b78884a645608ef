import type { AccountAccess, AccountOptions } from "../core/index";
import type { MetaContext } from "./context";
import type { InstagramCall } from "./instagram-containers";
import { readPublishingQuota } from "./instagram-quota";
import { readPermissions } from "./permissions";
import { instagramFormats } from "./post-shape";
import { metaLimits } from "./validate-post";

/**
 * What the composer may offer. Instagram: the live publishing quota and the formats. Facebook Page: the user's
 * tasks on the Page (stored at connect time) and whether video may be published (`publish_video` granted).
 */
export async function getAccountOptions(ctx: MetaContext, access: AccountAccess): Promise<AccountOptions> {
  if (access.account.kind === "instagram_account") {
    const call: InstagramCall = { ctx, igUserId: access.account.externalId, token: access.accessToken };
    const quota = await readPublishingQuota(call, "options.read_quota");
    return {
      kind: "instagram_account",
      options: {
        quotaUsed: quota.usage,
        quotaTotal: quota.total,
        quotaRemaining: Math.max(0, quota.total - quota.usage),
        quotaWindowSeconds: quota.durationSeconds,
        formats: [...instagramFormats],
        carouselMaxItems: metaLimits.carouselMax,
        captionMaxLength: metaLimits.instagramCaptionLength,
        maxHashtags: metaLimits.instagramHashtags,
        maxMentions: metaLimits.instagramMentions,
        imageFormats: ["jpeg"],
      },
    };
  }
  const permissions = await readPermissions(ctx, access.userAccessToken, "options.read_permissions");
  const tasks = (access.account.metadata.tasks ?? "").split(",").filter(Boolean);
  return {
    kind: "facebook_page",
    options: {
      tasks,
      canCreateContent: tasks.length === 0 || tasks.includes("CREATE_CONTENT"),
      canPublishVideo: permissions.granted.includes("publish_video"),
      canReadInsights: permissions.granted.includes("read_insights"),
      textMaxLength: metaLimits.facebookTextLength,
    },
  };
}
