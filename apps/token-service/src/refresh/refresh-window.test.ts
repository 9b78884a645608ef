import { describe, expect, it } from "vitest";
import { effectiveMarginMs, grantEndsSoon, isInsideRefreshWindow, plannedRefreshAt } from "./refresh-window";

const minute = 60_000;
const hour = 60 * minute;
const settings = {
  marginMs: (platform: string) => (platform === "meta" ? 7 * 24 * hour : 10 * minute),
  jitterMs: 2 * minute,
  reauthWarningMs: 7 * 24 * hour,
};
const now = Date.parse("2026-05-01T12:00:00Z");
const issued = new Date(now - hour);

describe("refresh window", () => {
  it("refreshes inside the platform's margin and not before", () => {
    const timing = { platform: "tiktok" as const, tokenUpdatedAt: issued };
    expect(isInsideRefreshWindow(settings, { ...timing, expiresAt: new Date(now + 11 * minute) }, now)).toBe(
      false,
    );
    expect(isInsideRefreshWindow(settings, { ...timing, expiresAt: new Date(now + 10 * minute) }, now)).toBe(
      true,
    );
    expect(isInsideRefreshWindow(settings, { ...timing, expiresAt: new Date(now - minute) }, now)).toBe(true);
  });

  it("caps the margin at half the token's lifetime", () => {
    // a 2-hour Meta token with a 7-day margin refreshes after an hour, not on every use
    const timing = {
      platform: "meta" as const,
      tokenUpdatedAt: new Date(now),
      expiresAt: new Date(now + 2 * hour),
    };
    expect(effectiveMarginMs(settings, timing)).toBe(hour);
    expect(isInsideRefreshWindow(settings, timing, now)).toBe(false);
    expect(isInsideRefreshWindow(settings, timing, now + hour)).toBe(true);
  });

  it("never refreshes Mailchimp or a token without expiry", () => {
    expect(
      isInsideRefreshWindow(
        settings,
        { platform: "mailchimp", tokenUpdatedAt: issued, expiresAt: new Date(now) },
        now,
      ),
    ).toBe(false);
    expect(
      plannedRefreshAt(settings, { platform: "gbp", tokenUpdatedAt: issued, expiresAt: null }, { now }),
    ).toBeNull();
  });

  it("plans the refresh before the margin with a bounded jitter, never in the past", () => {
    const timing = {
      platform: "linkedin" as const,
      tokenUpdatedAt: issued,
      expiresAt: new Date(now + 2 * hour),
    };
    const latest = plannedRefreshAt(settings, timing, { now, random: () => 0 });
    const earliest = plannedRefreshAt(settings, timing, { now, random: () => 0.999999 });
    expect(latest?.getTime()).toBe(now + 2 * hour - 10 * minute);
    expect(earliest?.getTime()).toBeGreaterThan(now + 2 * hour - 12 * minute - 1);
    const overdue = { ...timing, expiresAt: new Date(now + minute) };
    expect(plannedRefreshAt(settings, overdue, { now })?.getTime()).toBe(now);
  });

  it("warns when the grant itself ends soon", () => {
    expect(grantEndsSoon(settings, null, now)).toBe(false);
    expect(grantEndsSoon(settings, new Date(now + 8 * 24 * hour), now)).toBe(false);
    expect(grantEndsSoon(settings, new Date(now + 6 * 24 * hour), now)).toBe(true);
  });
});
