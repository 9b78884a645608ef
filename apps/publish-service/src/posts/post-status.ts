import type { PostStatus, TargetStatus } from "@postd/contracts";

const running: ReadonlySet<TargetStatus> = new Set(["scheduled", "queued", "publishing", "retrying"]);

/** A target in one of these never changes again by itself (a person may still replay, discard or delete). */
export const finalTargetStatuses: readonly TargetStatus[] = [
  "published",
  "unconfirmed",
  "dead_lettered",
  "failed",
  "cancelled",
  "deleted",
];

export function isFinalTargetStatus(status: TargetStatus): boolean {
  return !running.has(status);
}

/**
 * A post's status from its targets' (api.md "Publishing"): `scheduled` while all wait for their time, `queued`
 * until one starts, `publishing` while any runs, then `published` (all), `partially_published` (some),
 * `deleted` / `cancelled` when that is all that is left, else `failed` (none published, none running).
 */
export function postStatusOf(statuses: readonly TargetStatus[]): PostStatus {
  if (statuses.length === 0) return "cancelled";
  const count = (status: TargetStatus) => statuses.filter((s) => s === status).length;
  if (statuses.some((s) => running.has(s))) {
    if (statuses.every((s) => s === "scheduled")) return "scheduled";
    const started = statuses.some((s) => !(s === "scheduled" || s === "queued"));
    return started ? "publishing" : "queued";
  }
  const published = count("published");
  if (published === statuses.length) return "published";
  if (published > 0) return "partially_published";
  if (count("deleted") > 0) return "deleted";
  if (count("cancelled") === statuses.length) return "cancelled";
  return "failed";
}
