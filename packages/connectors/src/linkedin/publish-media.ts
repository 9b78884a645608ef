import type { AccountAccess, PublishInput, PublishProgress } from "../core/index";
import { awaitVideoAvailable } from "./await-video";
import type { PostContentBlock } from "./build-post-body";
import type { LinkedInContext } from "./context";
import { uploadImage } from "./upload-image";
import { uploadVideo } from "./upload-video";

/** Progress keys: `image.<index>` → image URN once its bytes are uploaded; `video` → video URN once finalized. */
export const imageProgressKey = (index: number) => `image.${index}`;
export const videoProgressKey = "video";

/** The progress the pipeline holds, kept up to date as each id is saved. */
class ProgressLog {
  private current: PublishProgress;

  constructor(private readonly input: PublishInput) {
    this.current = { ...input.progress };
  }

  get(key: string): string | undefined {
    return this.current[key];
  }

  async save(key: string, id: string): Promise<void> {
    this.current = { ...this.current, [key]: id };
    await this.input.saveProgress(this.current);
  }
}

/** Uploads what the post's media needs (skipping what a previous attempt saved) and returns the content block. */
export async function prepareMediaContent(
  context: LinkedInContext,
  access: AccountAccess,
  input: PublishInput,
): Promise<PostContentBlock | null> {
  const media = input.post.media;
  if (media.length === 0) return null;
  const progress = new ProgressLog(input);
  const signal = input.signal ? { signal: input.signal } : {};
  const video = media.find((item) => item.type === "video");
  if (video) {
    let urn = progress.get(videoProgressKey);
    if (!urn) {
      urn = await uploadVideo(context, access, {
        item: video,
        field: `media.${media.indexOf(video)}`,
        ...signal,
      });
      await progress.save(videoProgressKey, urn);
    }
    await awaitVideoAvailable(context, access, { video: urn, ...signal });
    return { media: { id: urn } };
  }
  const images: Array<{ id: string; altText?: string }> = [];
  for (const [index, item] of media.entries()) {
    let urn = progress.get(imageProgressKey(index));
    if (!urn) {
      urn = await uploadImage(context, access, { item, field: `media.${index}`, ...signal });
      await progress.save(imageProgressKey(index), urn);
    }
    images.push({ id: urn, ...(item.altText ? { altText: item.altText } : {}) });
  }
  const [first] = images;
  if (images.length === 1 && first) return { media: first };
  return { multiImage: { images } };
}

/** Every media URN a previous attempt saved: a post carrying one of them is ours. */
export function savedMediaUrns(progress: PublishProgress): string[] {
  return Object.entries(progress)
    .filter(([key]) => key === videoProgressKey || key.startsWith("image."))
    .map(([, urn]) => urn);
}
