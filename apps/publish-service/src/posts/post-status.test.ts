import type { TargetStatus } from "@postd/contracts";
import { describe, expect, it } from "vitest";
import { postStatusOf } from "./post-status";

describe("postStatusOf", () => {
  const cases: Array<[TargetStatus[], string]> = [
    [["scheduled", "scheduled"], "scheduled"],
    [["queued", "scheduled"], "queued"],
    [["queued", "queued"], "queued"],
    [["publishing", "queued"], "publishing"],
    [["retrying"], "publishing"],
    [["published", "queued"], "publishing"],
    [["published", "published"], "published"],
    [["published", "dead_lettered"], "partially_published"],
    [["published", "cancelled"], "partially_published"],
    [["dead_lettered", "failed"], "failed"],
    [["unconfirmed"], "failed"],
    [["cancelled", "cancelled"], "cancelled"],
    [["deleted", "cancelled"], "deleted"],
    [["deleted", "deleted"], "deleted"],
    [["cancelled", "dead_lettered"], "failed"],
  ];
  it.each(cases)("%j → %s", (statuses, expected) => {
    expect(postStatusOf(statuses)).toBe(expected);
  });
});
