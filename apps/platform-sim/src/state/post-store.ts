import type { Platform } from "@postd/contracts";

/** What the emulated platform holds as published: the sim's record that tests count posts against. */
export interface SimPost {
  platform: Platform;
  /** the platform account the post is on (Page id, IG user id, person/org URN, open_id, location, audience) */
  accountId: string;
  /** the id the platform returned for it */
  postId: string;
  text: string;
  media: Array<{ url: string; type: string }>;
  link: string | null;
  createdAt: string;
  deleted: boolean;
  /** platform-specific facts (status, permalink, campaign state, …) */
  details: Record<string, unknown>;
}

export class PostStore {
  private readonly posts: SimPost[] = [];

  add(post: Omit<SimPost, "createdAt" | "deleted"> & { createdAt?: string }): SimPost {
    const record: SimPost = { createdAt: new Date().toISOString(), deleted: false, ...post };
    this.posts.push(record);
    return record;
  }

  find(platform: Platform, postId: string): SimPost | undefined {
    return this.posts.find((p) => p.platform === platform && p.postId === postId);
  }

  list(filter: { platform?: Platform; accountId?: string; includeDeleted?: boolean } = {}): SimPost[] {
    return this.posts.filter(
      (p) =>
        (!filter.platform || p.platform === filter.platform) &&
        (!filter.accountId || p.accountId === filter.accountId) &&
        (filter.includeDeleted || !p.deleted),
    );
  }

  clear(): void {
    this.posts.length = 0;
  }
}
