import { createHash, type Hash, randomBytes } from "node:crypto";
import type { SimState } from "../../state/sim-state";
import { type SimTikTokUser, seededUsers, seededVideoCounts } from "./seed";

export interface SimVideo {
  /** int64 as a string: above 2^53, so a client that parses it as a number loses digits */
  id: string;
  openId: string;
  title: string;
  description: string;
  createdMs: number;
  privacyLevel: string;
  counts: { view_count: number; like_count: number; comment_count: number; share_count: number };
}

export interface SimUpload {
  uploadId: string;
  uploadToken: string;
  videoSize: number;
  chunkSize: number;
  totalChunkCount: number;
  expiresAt: number;
  received: number;
  chunks: Array<{ first: number; last: number }>;
  hash: Hash;
  /** sha256 of every byte received, in order, once all arrived */
  sha256: string | null;
}

export interface SimPublish {
  publishId: string;
  openId: string;
  kind: "video" | "photo";
  source: "PULL_FROM_URL" | "FILE_UPLOAD";
  title: string;
  description: string;
  privacyLevel: string;
  mediaUrls: string[];
  postInfo: Record<string, unknown>;
  upload: SimUpload | null;
  polls: number;
  status: "PROCESSING_UPLOAD" | "PROCESSING_DOWNLOAD" | "PUBLISH_COMPLETE" | "FAILED";
  failReason: string;
  video: SimVideo | null;
}

const videoExtensions = new Set(["mp4", "mov", "webm"]);
const photoExtensions = new Set(["jpg", "jpeg", "webp"]);

/** What emulated TikTok holds beside the shared state: users, their videos and the publish tasks. */
export class TikTokWorld {
  users: SimTikTokUser[] = [];
  videos: SimVideo[] = [];
  publishes = new Map<string, SimPublish>();
  private counter = 0;

  constructor(private readonly state: SimState) {}

  reset(): void {
    this.users = seededUsers.map((u) => ({ ...u, privacyLevelOptions: [...u.privacyLevelOptions] }));
    this.videos = [];
    this.publishes.clear();
    this.counter = 0;
    const now = this.state.now();
    for (const user of this.users) {
      const count = seededVideoCounts[user.openId] ?? 0;
      for (let i = 0; i < count; i++) {
        this.videos.push({
          id: this.nextVideoId(),
          openId: user.openId,
          title: `Archive clip ${i + 1} by @${user.username}`,
          description: `Archive clip ${i + 1} by @${user.username}`,
          createdMs: now - (count - i) * 86_400_000,
          privacyLevel: "PUBLIC_TO_EVERYONE",
          counts: {
            view_count: 1000 * (i + 1),
            like_count: 50 * (i + 1),
            comment_count: i,
            share_count: i % 5,
          },
        });
      }
    }
  }

  user(openId: string): SimTikTokUser | undefined {
    return this.users.find((u) => u.openId === openId);
  }

  nextPublishId(prefix: string): string {
    this.counter++;
    return `${prefix}~v2-1.${7_400_000_000 + this.counter}${randomBytes(4).toString("hex")}`;
  }

  newUpload(plan: { videoSize: number; chunkSize: number; totalChunkCount: number }): SimUpload {
    return {
      ...plan,
      uploadId: randomBytes(12).toString("hex"),
      uploadToken: randomBytes(18).toString("base64url"),
      expiresAt: this.state.now() + 3_600_000,
      received: 0,
      chunks: [],
      hash: createHash("sha256"),
      sha256: null,
    };
  }

  /** Newest first, as `video/list` pages them. */
  videosOf(openId: string): SimVideo[] {
    return this.videos.filter((v) => v.openId === openId).sort((a, b) => b.createdMs - a.createdMs);
  }

  isReady(publish: SimPublish): boolean {
    return publish.upload === null || publish.upload.received === publish.upload.videoSize;
  }

  /** One status poll: a ready task finishes once it has been seen processing `asyncPolls` times. */
  observe(publish: SimPublish): void {
    if (publish.status === "PUBLISH_COMPLETE" || publish.status === "FAILED" || !this.isReady(publish))
      return;
    publish.polls++;
    if (publish.polls > this.state.settings.asyncPolls) this.finish(publish);
  }

  /** TikTok processes in the background: by the time the creator's videos are read, ready tasks are done. */
  settle(openId: string): void {
    for (const publish of this.publishes.values()) {
      if (publish.openId === openId && publish.status.startsWith("PROCESSING") && this.isReady(publish)) {
        this.finish(publish);
      }
    }
  }

  private finish(publish: SimPublish): void {
    const failReason = this.failReasonOf(publish);
    if (failReason) {
      publish.status = "FAILED";
      publish.failReason = failReason;
      return;
    }
    const video = this.addVideo(publish);
    publish.status = "PUBLISH_COMPLETE";
    publish.video = video;
    const isPublic = publish.privacyLevel !== "SELF_ONLY";
    this.state.posts.add({
      platform: "tiktok",
      accountId: publish.openId,
      postId: isPublic ? video.id : publish.publishId,
      text: publish.kind === "video" ? publish.title : publish.description,
      media: publish.mediaUrls.map((url) => ({ url, type: publish.kind === "video" ? "video" : "image" })),
      link: null,
      details: {
        publishId: publish.publishId,
        videoId: video.id,
        source: publish.source,
        privacyLevel: publish.privacyLevel,
        postInfo: publish.postInfo,
        uploadedBytes: publish.upload?.received ?? null,
        sha256: publish.upload?.sha256 ?? null,
      },
    });
  }

  private addVideo(publish: SimPublish): SimVideo {
    const latest = this.videosOf(publish.openId)[0]?.createdMs ?? 0;
    const video: SimVideo = {
      id: this.nextVideoId(),
      openId: publish.openId,
      title: publish.title,
      description: publish.description,
      // unique per creator, so a time cursor never skips a video
      createdMs: Math.max(this.state.now(), latest + 1),
      privacyLevel: publish.privacyLevel,
      counts: { view_count: 42, like_count: 7, comment_count: 3, share_count: 1 },
    };
    this.videos.push(video);
    return video;
  }

  /** `sim_fail=<fail_reason>` on a media URL makes the task fail so; wrong formats fail the format check. */
  private failReasonOf(publish: SimPublish): string | null {
    for (const raw of publish.mediaUrls) {
      const url = new URL(raw);
      const forced = url.searchParams.get("sim_fail");
      if (forced) return forced;
      const extension = url.pathname.split(".").pop()?.toLowerCase() ?? "";
      const allowed = publish.kind === "video" ? videoExtensions : photoExtensions;
      if (publish.source === "PULL_FROM_URL" && !allowed.has(extension)) return "file_format_check_failed";
    }
    return null;
  }

  private nextVideoId(): string {
    this.counter++;
    return (7_300_000_000_000_000_000n + BigInt(this.counter) * 1_000_003n).toString();
  }
}
