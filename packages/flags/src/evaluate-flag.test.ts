import { describe, expect, it } from "vitest";
import { evaluateFlag, rolloutBucket } from "./evaluate-flag";
import type { FlagValue } from "./flag-value";

const tenants = Array.from({ length: 10_000 }, (_, i) => `ten_${i.toString(36).padStart(6, "0")}`);

function flag(overrides: Partial<FlagValue> = {}): FlagValue {
  return { enabled: true, rolloutPercentage: 100, tenants: { allow: [], deny: [] }, ...overrides };
}

function enabledSet(value: FlagValue, name: string): Set<string> {
  return new Set(tenants.filter((tenantId) => evaluateFlag(value, name, tenantId)));
}

describe("rolloutBucket", () => {
  it("is the first 4 bytes of SHA-256 of name:tenant, mod 100", () => {
    // sha256("new_editor:ten_1") starts f0d5eb4f: 4040551247 % 100 = 47
    expect(rolloutBucket("new_editor", "ten_1")).toBe(47);
  });

  it("is stable and stays in 0..99", () => {
    for (const tenantId of tenants.slice(0, 500)) {
      const bucket = rolloutBucket("flag_a", tenantId);
      expect(bucket).toBe(rolloutBucket("flag_a", tenantId));
      expect(bucket).toBeGreaterThanOrEqual(0);
      expect(bucket).toBeLessThan(100);
    }
  });

  it("differs between flags for the same tenant", () => {
    const same = tenants.filter((t) => rolloutBucket("flag_a", t) === rolloutBucket("flag_b", t)).length;
    expect(same / tenants.length).toBeLessThan(0.03);
  });
});

describe("evaluateFlag", () => {
  it("a 30% rollout enables 30% ± 2% of 10,000 tenants, the same ones every time", () => {
    const first = enabledSet(flag({ rolloutPercentage: 30 }), "rollout_test");
    expect(first.size / tenants.length).toBeGreaterThanOrEqual(0.28);
    expect(first.size / tenants.length).toBeLessThanOrEqual(0.32);
    const second = enabledSet(flag({ rolloutPercentage: 30 }), "rollout_test");
    expect([...second]).toEqual([...first]);
  });

  it("the set at 50% contains the set at 30%", () => {
    const at30 = enabledSet(flag({ rolloutPercentage: 30 }), "rollout_test");
    const at50 = enabledSet(flag({ rolloutPercentage: 50 }), "rollout_test");
    expect(at50.size / tenants.length).toBeGreaterThanOrEqual(0.48);
    expect(at50.size / tenants.length).toBeLessThanOrEqual(0.52);
    for (const tenantId of at30) expect(at50.has(tenantId)).toBe(true);
  });

  it("0% is nobody and 100% everybody", () => {
    expect(enabledSet(flag({ rolloutPercentage: 0 }), "x").size).toBe(0);
    expect(enabledSet(flag({ rolloutPercentage: 100 }), "x").size).toBe(tenants.length);
  });

  it("deny beats allow beats enabled", () => {
    const both = flag({ tenants: { allow: ["ten_a"], deny: ["ten_a"] } });
    expect(evaluateFlag(both, "x", "ten_a")).toBe(false);
    const allowedWhileDisabled = flag({ enabled: false, tenants: { allow: ["ten_a"], deny: [] } });
    expect(evaluateFlag(allowedWhileDisabled, "x", "ten_a")).toBe(true);
    expect(evaluateFlag(allowedWhileDisabled, "x", "ten_b")).toBe(false);
    const allowedAtZero = flag({ rolloutPercentage: 0, tenants: { allow: ["ten_a"], deny: [] } });
    expect(evaluateFlag(allowedAtZero, "x", "ten_a")).toBe(true);
    const deniedAtFull = flag({ tenants: { allow: [], deny: ["ten_a"] } });
    expect(evaluateFlag(deniedAtFull, "x", "ten_a")).toBe(false);
    expect(evaluateFlag(deniedAtFull, "x", "ten_b")).toBe(true);
  });

  it("a flag that does not exist is off", () => {
    expect(evaluateFlag(null, "missing", "ten_a")).toBe(false);
    expect(evaluateFlag(undefined, "integration_meta", "ten_a")).toBe(false);
  });
});
