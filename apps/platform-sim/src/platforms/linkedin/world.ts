import { seedLinkedIn } from "./seed";

export interface StoredPost {
  id: string;
  author: string;
  /** the member whose token created it */
  createdBy: string;
  commentary: string;
  visibility: string;
  lifecycleState: string;
  distribution: unknown;
  content: Record<string, unknown> | null;
  createdAt: number;
  lastModifiedAt: number;
  deleted: boolean;
}

export interface StoredImage {
  urn: string;
  assetId: string;
  owner: string;
  status: "WAITING_UPLOAD" | "AVAILABLE";
}

export interface StoredVideo {
  urn: string;
  assetId: string;
  owner: string;
  fileSizeBytes: number;
  uploadToken: string;
  /** [firstByte, lastByte] per part, in order */
  parts: Array<[number, number]>;
  etags: Array<string | null>;
  status: "WAITING_UPLOAD" | "PROCESSING" | "AVAILABLE" | "PROCESSING_FAILED";
  polls: number;
}

/** Everything the emulated LinkedIn remembers beside the shared SimState. */
export class LinkedInWorld {
  seed = seedLinkedIn();
  posts = new Map<string, StoredPost>();
  images = new Map<string, StoredImage>();
  videos = new Map<string, StoredVideo>();
  /** posts created per member per UTC day: `${sub}:${YYYY-MM-DD}` */
  dailyPosts = new Map<string, number>();
  private sequence = 7_100_000_000_000_000_000n;

  reset(): void {
    this.seed = seedLinkedIn();
    this.posts.clear();
    this.images.clear();
    this.videos.clear();
    this.dailyPosts.clear();
    this.sequence = 7_100_000_000_000_000_000n;
  }

  /** LinkedIn ids are 19-digit numbers. */
  nextId(): string {
    this.sequence += 1n;
    return this.sequence.toString();
  }

  member(sub: string) {
    return this.seed.members.find((m) => m.sub === sub);
  }

  organization(id: number) {
    return this.seed.organizations.find((o) => o.id === id);
  }

  /** Approved roles of a member on an organization URN. */
  rolesOn(sub: string, organization: string): string[] {
    return this.seed.acls
      .filter(
        (a) =>
          a.roleAssignee === `urn:li:person:${sub}` &&
          a.organization === organization &&
          a.state === "APPROVED",
      )
      .map((a) => a.role);
  }
}
