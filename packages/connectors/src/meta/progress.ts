import type { PublishInput, PublishProgress } from "../core/index";

/** The ids a Meta publish keeps in the pipeline's progress record, so a retry resumes where it stopped. */
export const progressKeys = {
  /** the finished Facebook post (and its URL), set once the final call answered */
  facebookPost: "fb.post",
  facebookUrl: "fb.url",
  /** an unpublished photo uploaded for a multi-photo post, by media index */
  facebookPhoto: (index: number) => `fb.photo.${index}`,
  /** an Instagram carousel child container, by media index */
  instagramChild: (index: number) => `ig.child.${index}`,
  /** the Instagram container to publish */
  instagramContainer: "ig.container",
  /** the published Instagram media: once set, `media_publish` is never called again */
  instagramMedia: "ig.media",
} as const;

/** The progress of one publish: every change is saved through the pipeline before the next step. */
export class ProgressTracker {
  private current: PublishProgress;

  constructor(private readonly input: Pick<PublishInput, "progress" | "saveProgress">) {
    this.current = { ...input.progress };
  }

  get(key: string): string | undefined {
    return this.current[key];
  }

  async set(key: string, value: string): Promise<void> {
    this.current = { ...this.current, [key]: value };
    await this.input.saveProgress(this.current);
  }

  /** Forgets ids that can no longer be used (an expired or failed container), so a retry makes new ones. */
  async drop(keys: string[]): Promise<void> {
    if (!keys.some((key) => key in this.current)) return;
    this.current = Object.fromEntries(Object.entries(this.current).filter(([key]) => !keys.includes(key)));
    await this.input.saveProgress(this.current);
  }

  keysStartingWith(prefix: string): string[] {
    return Object.keys(this.current).filter((key) => key.startsWith(prefix));
  }
}
