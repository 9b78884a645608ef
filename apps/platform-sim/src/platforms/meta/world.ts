import { type MetaSeed, metaSeed, type SeedInstagram, type SeedPage, type SeedUser } from "./seed";

export interface FacebookPostRecord {
  /** `<page-id>_<n>`, as Graph names Page posts */
  id: string;
  pageId: string;
  message: string;
  link: string | null;
  kind: "status" | "link" | "photo" | "album" | "video";
  photoIds: string[];
  videoId: string | null;
  createdAt: number;
  deleted: boolean;
}

export interface PhotoRecord {
  id: string;
  pageId: string;
  url: string;
  /** the Page post it belongs to; null while it is an unpublished upload */
  postId: string | null;
}

export interface VideoRecord {
  id: string;
  pageId: string;
  postId: string;
}

export type ContainerMediaType = "IMAGE" | "VIDEO" | "REELS" | "STORIES" | "CAROUSEL";

export interface ContainerRecord {
  id: string;
  igUserId: string;
  mediaType: ContainerMediaType;
  isCarouselItem: boolean;
  caption: string;
  mediaUrl: string | null;
  children: string[];
  /** status reads so far: the container finishes after `settings.asyncPolls` of them */
  polls: number;
  /** a terminal state asked for with `sim_status=` in the media URL */
  forcedStatus: "ERROR" | "EXPIRED" | null;
  errorSubcode: number | null;
  createdAt: number;
  publishedMediaId: string | null;
}

export interface InstagramMediaRecord {
  id: string;
  igUserId: string;
  containerId: string;
  caption: string;
  productType: "FEED" | "REELS" | "STORY";
  mediaType: "IMAGE" | "VIDEO" | "CAROUSEL_ALBUM";
  childIds: string[];
  /** set on carousel children, which cannot be deleted on their own */
  parentId: string | null;
  shortcode: string;
  createdAt: number;
  deleted: boolean;
}

/** Budgets the emulated limits use; tests lower them through `PUT /_sim/meta/limits`. */
export interface MetaLimits {
  /** app-level calls per rolling hour (Graph: 200 × daily active users) */
  appCallsPerHour: number;
  /** Business Use Case calls per Page or IG account per rolling 24 h (Graph: 4800 × engaged users) */
  businessCallsPerDay: number;
  /** `content_publishing_limit` quota_total (the guide says 100 per 24 h) */
  igPublishQuotaTotal: number;
}

export const defaultLimits: MetaLimits = {
  appCallsPerHour: 20_000,
  businessCallsPerDay: 4_800,
  igPublishQuotaTotal: 100,
};

/** Everything the emulated Meta holds beside the shared token, code and post stores. */
export class MetaWorld {
  seed: MetaSeed = metaSeed();
  limits: MetaLimits = { ...defaultLimits };
  readonly posts = new Map<string, FacebookPostRecord>();
  readonly photos = new Map<string, PhotoRecord>();
  readonly videos = new Map<string, VideoRecord>();
  readonly containers = new Map<string, ContainerRecord>();
  readonly media = new Map<string, InstagramMediaRecord>();
  /** Page token → Page id */
  readonly pageTokens = new Map<string, string>();
  /** `${grantId}:${pageId}` → the Page token handed out for that grant */
  readonly pageTokenByGrant = new Map<string, string>();
  /** permissions a user declined or removed later, per user id */
  readonly declined = new Map<string, Set<string>>();
  /** successful `media_publish` times per IG account, for the 24 h quota */
  readonly publishTimes = new Map<string, number[]>();
  /** call times per usage key (`app`, `buc:<id>`), for the usage headers and the limits */
  readonly usage = new Map<string, number[]>();
  private counter = 1;

  reset(): void {
    this.seed = metaSeed();
    this.limits = { ...defaultLimits };
    for (const map of [
      this.posts,
      this.photos,
      this.videos,
      this.containers,
      this.media,
      this.pageTokens,
      this.pageTokenByGrant,
      this.declined,
      this.publishTimes,
      this.usage,
    ]) {
      map.clear();
    }
    this.counter = 1;
  }

  /** A numeric id in a family of its own, so a stray id in a test says what it is. */
  nextId(prefix: string): string {
    const n = this.counter++;
    return `${prefix}${String(n).padStart(15 - prefix.length, "0")}`;
  }

  user(id: string): SeedUser | undefined {
    return this.seed.users.find((u) => u.id === id);
  }

  page(id: string): SeedPage | undefined {
    return this.seed.pages.find((p) => p.id === id);
  }

  instagram(id: string): SeedInstagram | undefined {
    return this.seed.instagram.find((i) => i.id === id);
  }

  /** The user who administers a Page (one per Page in the seed). */
  ownerOfPage(pageId: string): SeedUser | undefined {
    return this.seed.users.find((u) => u.pageIds.includes(pageId));
  }

  /**
   * Counts a call against a rolling window; a refused call is not counted, so usage falls back under the limit.
   * `share` is the used percentage Graph reports in its usage headers.
   */
  meter(
    key: string,
    options: { now: number; windowMs: number; limit: number; enforce: boolean },
  ): { allowed: boolean; share: number; retryAfterMs: number } {
    const recent = (this.usage.get(key) ?? []).filter((t) => t > options.now - options.windowMs);
    const allowed = !options.enforce || recent.length < options.limit;
    if (allowed) recent.push(options.now);
    this.usage.set(key, recent);
    const share = Math.min(100, Math.floor((recent.length * 100) / Math.max(options.limit, 1)));
    const oldest = recent[0] ?? options.now;
    const retryAfterMs = allowed ? 0 : Math.max(0, oldest + options.windowMs - options.now);
    return { allowed, share, retryAfterMs };
  }

  isDeclined(userId: string, permission: string): boolean {
    return this.declined.get(userId)?.has(permission) ?? false;
  }
}
