import { type GbpSeed, seedGbp } from "./seed";

export type LocalPostState = "PROCESSING" | "LIVE" | "REJECTED";

export interface StoredLocalPost {
  /** `accounts/{a}/locations/{l}/localPosts/{id}` under the account it was created through */
  name: string;
  id: string;
  locationId: string;
  body: Record<string, unknown>;
  state: LocalPostState;
  /** the state review ends in: REJECTED for content the sim's policy refuses */
  verdict: "LIVE" | "REJECTED";
  /** reads since the last change; review ends after `settings.asyncPolls` */
  polls: number;
  createTime: number;
  updateTime: number;
  deleted: boolean;
}

/** What the code exchange needs to know about the authorization request behind a code. */
export interface AuthorizationExtras {
  offline: boolean;
  forceConsent: boolean;
}

/** Everything the emulated Google remembers beside the shared SimState. */
export class GbpWorld {
  seed: GbpSeed = seedGbp();
  posts = new Map<string, StoredLocalPost>();
  /** authorization code → how it was asked for */
  authorizations = new Map<string, AuthorizationExtras>();
  /** users who already gave this app offline access (Google then sends no refresh token without prompt=consent) */
  offlineGrants = new Set<string>();
  private sequence = 5_000_000_000_000_000_000n;

  reset(): void {
    this.seed = seedGbp();
    this.posts.clear();
    this.authorizations.clear();
    this.offlineGrants.clear();
    this.sequence = 5_000_000_000_000_000_000n;
  }

  nextId(): string {
    this.sequence += 1n;
    return this.sequence.toString();
  }

  user(sub: string) {
    return this.seed.users.find((u) => u.sub === sub);
  }

  location(id: string) {
    return this.seed.locations.find((l) => l.id === id);
  }

  /** The accounts a user manages, in listing order. */
  accountsOf(sub: string) {
    return this.seed.accounts.filter((a) => a.members.some((m) => m.sub === sub));
  }

  /** May this user act on this location (through any account they manage)? */
  managesLocation(sub: string, locationId: string): boolean {
    return this.accountsOf(sub).some((a) => a.locationIds.includes(locationId));
  }

  /** Live (not deleted) posts of a location, newest first. */
  postsOf(locationId: string): StoredLocalPost[] {
    return [...this.posts.values()]
      .filter((p) => p.locationId === locationId && !p.deleted)
      .sort((a, b) => b.createTime - a.createTime || b.id.localeCompare(a.id));
  }
}
