import { type AccountAccess, isConnectorError, type PublishedPost } from "@postd/connectors";
import type { PublishContext } from "../context";
import { clearUnsettled, markDispatched, saveProgress } from "./attempt-writes";
import type { Claim } from "./claim";
import type { HeldLease } from "./hold-lease";
import { postContentOf } from "./post-content";
import { resumableProgress } from "./progress";
import { withAccountAccess } from "./with-account-access";

export type PlatformOutcome =
  | { kind: "published"; post: PublishedPost; via: "publish" | "find_post" }
  | { kind: "unconfirmed"; evidence: string };

/**
 * One attempt at the platform. If an earlier call may have reached it (`unsettled_since`: a worker died after
 * dispatching, or an answer was lost), `findPost` decides first: found → that post; cannot tell → unconfirmed;
 * not found → publish. Publishing resumes from the saved progress and saves each new id at once. A lost answer
 * (`unknown_outcome`) is settled by `findPost` at once and never re-sent blindly. Other failures are thrown.
 */
export async function publishOnPlatform(
  ctx: PublishContext,
  claim: Claim,
  lease: HeldLease,
): Promise<PlatformOutcome> {
  const connector = ctx.connectors.get(claim.target.platform);
  const post = postContentOf(claim.target, claim.post);
  const since = claim.target.firstAttemptAt ?? new Date();
  const state = {
    unsettled: claim.target.unsettledSince !== null,
    progress: resumableProgress(claim.target.progress),
  };

  const findOnPlatform = async (access: AccountAccess): Promise<PlatformOutcome | null> => {
    const found = await connector.findPost(access, { post, progress: state.progress, since });
    if (found.outcome === "found") return { kind: "published", post: found.post, via: "find_post" };
    if (found.outcome === "cannot_tell") return { kind: "unconfirmed", evidence: found.reason };
    state.unsettled = false;
    await clearUnsettled(ctx, claim);
    return null;
  };

  ctx.crashPoint("after-claim");
  return withAccountAccess(ctx, claim.target, { purpose: "publish" }, async (access) => {
    if (state.unsettled) {
      const settled = await findOnPlatform(access);
      if (settled) return settled;
    }
    ctx.crashPoint("before-dispatch");
    await markDispatched(ctx, claim);
    state.unsettled = true;
    try {
      const published = await connector.publish(access, {
        post,
        progress: state.progress,
        saveProgress: async (next) => {
          state.progress = { ...next };
          await saveProgress(ctx, claim, next);
        },
        signal: lease.signal,
      });
      ctx.crashPoint("after-platform-accepted");
      return { kind: "published", post: published, via: "publish" };
    } catch (error) {
      if (lease.lost || !isConnectorError(error)) throw error;
      if (error.kind === "unknown_outcome") {
        ctx.logger.info(
          { targetId: claim.target.id, code: error.platformCode },
          "answer lost; asking findPost",
        );
        const settled = await findOnPlatform(access);
        if (settled) return settled;
      } else {
        state.unsettled = false;
        await clearUnsettled(ctx, claim);
      }
      throw error;
    }
  });
}
