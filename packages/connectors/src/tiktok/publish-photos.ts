import { z } from "zod";
import type { AccountAccess, PublishInput, PublishProgress } from "../core/index";
import type { TikTokContext } from "./context";
import type { TikTokPostOptions } from "./post-options";
import type { PostSettings } from "./post-settings";

const InitData = z.object({ publish_id: z.string().min(1) });

/**
 * `POST /v2/post/publish/content/init/` with `media_type=PHOTO`, `post_mode=DIRECT_POST`: TikTok pulls each
 * photo (JPEG or WebP, ≤ 35) from its URL. The title is `options.title` (≤ 90), the description the post's text.
 */
export async function initPhotoPublish(
  context: TikTokContext,
  input: {
    access: AccountAccess;
    publish: PublishInput;
    options: TikTokPostOptions;
    settings: PostSettings;
    username: string | null;
  },
): Promise<PublishProgress> {
  const { post } = input.publish;
  const { options, settings } = input;
  const { data } = await context.api.call({
    operation: "publish.photo_init",
    method: "POST",
    path: "/v2/post/publish/content/init/",
    accessToken: input.access.accessToken,
    json: {
      media_type: "PHOTO",
      post_mode: "DIRECT_POST",
      post_info: {
        ...(options.title === undefined ? {} : { title: options.title }),
        description: post.text,
        privacy_level: settings.privacyLevel,
        disable_comment: settings.disableComment,
        auto_add_music: options.autoAddMusic ?? true,
        brand_content_toggle: options.brandContent ?? false,
        brand_organic_toggle: options.brandOrganic ?? false,
      },
      source_info: {
        source: "PULL_FROM_URL",
        photo_images: post.media.map((m) => m.url),
        photo_cover_index: options.photoCoverIndex ?? 0,
      },
    },
    schema: InitData,
    sideEffect: true,
    ...(input.publish.signal ? { signal: input.publish.signal } : {}),
  });
  const progress: PublishProgress = {
    ...input.publish.progress,
    publishId: data.publish_id,
    source: "PHOTO",
    ...(input.username ? { username: input.username } : {}),
  };
  await input.publish.saveProgress(progress);
  return progress;
}
