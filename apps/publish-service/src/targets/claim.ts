import type { PostRow, TargetRow } from "../db/schema";

/** A target this worker holds for one attempt, with the post it belongs to. */
export interface Claim {
  target: TargetRow;
  post: PostRow;
  /** unique per claim: every write of the attempt checks it (with `attempts` and the status) */
  owner: string;
  attempt: number;
  attemptId: string;
  /** the previous attempt's worker died while publishing (its lease lapsed) */
  recovered: boolean;
  /** performance.now() at the claim, for the attempt's duration */
  startedAt: number;
}

/** The attempt's writes found the target no longer held by this claim (taken over after the lease lapsed). */
export class LeaseLostError extends Error {
  constructor(targetId: string, why: string) {
    super(`lease on ${targetId} lost: ${why}`);
    this.name = "LeaseLostError";
  }
}
