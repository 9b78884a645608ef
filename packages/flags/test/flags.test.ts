import { Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { namespacedName } from "@postd/contracts";
import { isAppError } from "@postd/service-kit";
import { createLogger } from "@postd/telemetry";
import { createNatsNamespace } from "@postd/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createFlags,
  type FlagChange,
  type Flags,
  type FlagValue,
  flagsBucketName,
  integrationFlagName,
} from "../src/index";

const nats = createNatsNamespace();
const logger = createLogger({ service: "flags-test", level: "silent" });
const connections: NatsConnection[] = [];
const instances: Flags[] = [];

async function openFlags(): Promise<Flags> {
  const nc = await connect({ servers: nats.url });
  connections.push(nc);
  const flags = createFlags({ nc, ns: nats.ns, logger, retryDelayMs: 50 });
  instances.push(flags);
  await flags.ready();
  return flags;
}

/** Resolves with the first change of `name` the instance takes that satisfies `accept`. */
function nextChange(
  flags: Flags,
  name: string,
  accept: (change: FlagChange) => boolean,
): Promise<FlagChange> {
  return new Promise((resolve) => {
    const unsubscribe = flags.onChange((change) => {
      if (change.name === name && accept(change)) {
        unsubscribe();
        resolve(change);
      }
    });
  });
}

const tenants = Array.from({ length: 10_000 }, (_, i) => `ten_${i}`);
const enabledTenants = (flags: Flags, name: string) => tenants.filter((t) => flags.isEnabled(name, t));

async function openBucket() {
  const [nc] = connections;
  if (!nc) throw new Error("no connection");
  return new Kvm(nc).open(namespacedName(nats.ns, flagsBucketName));
}

let a: Flags;
let b: Flags;

beforeAll(async () => {
  a = await openFlags();
  b = await openFlags();
});

afterAll(async () => {
  for (const flags of instances) await flags.close();
  const [first] = connections;
  if (first) await (await openBucket()).destroy();
  await Promise.all(connections.map((nc) => nc.close()));
  await nats.cleanup();
});

describe("flags on NATS KV", () => {
  it("a 30% rollout enables 30% ± 2% of 10,000 tenants, the same each time, and 50% is a superset", async () => {
    await a.setRolloutPercentage("rollout_feature", 30);
    const at30 = enabledTenants(a, "rollout_feature");
    expect(at30.length).toBeGreaterThanOrEqual(2_800);
    expect(at30.length).toBeLessThanOrEqual(3_200);
    expect(enabledTenants(a, "rollout_feature")).toEqual(at30);

    const seen = nextChange(b, "rollout_feature", (c) => c.value?.rolloutPercentage === 50);
    await a.setRolloutPercentage("rollout_feature", 50);
    await seen;
    const at50 = new Set(enabledTenants(b, "rollout_feature"));
    expect(at50.size).toBeGreaterThanOrEqual(4_800);
    expect(at50.size).toBeLessThanOrEqual(5_200);
    for (const tenantId of at30) expect(at50.has(tenantId)).toBe(true);
  });

  it("a change made through one connection is seen by another instance through its watch", async () => {
    expect(b.isEnabled("cross_process", "ten_x")).toBe(false);
    const seen = nextChange(b, "cross_process", (c) => c.value !== null);
    await a.set("cross_process", { enabled: true, rolloutPercentage: 100, tenants: { allow: [], deny: [] } });
    const change = await seen;
    expect(change.value?.rolloutPercentage).toBe(100);
    expect(b.isEnabled("cross_process", "ten_x")).toBe(true);

    const denied = nextChange(b, "cross_process", (c) => c.value?.tenants.deny.includes("ten_x") === true);
    await a.denyTenant("cross_process", "ten_x");
    await denied;
    expect(b.isEnabled("cross_process", "ten_x")).toBe(false);
    expect(b.isEnabled("cross_process", "ten_y")).toBe(true);
  });

  it("deny beats allow beats enabled, through the store", async () => {
    await a.set("precedence", {
      enabled: false,
      rolloutPercentage: 100,
      tenants: { allow: ["ten_allowed", "ten_both"], deny: ["ten_both"] },
    });
    expect(a.isEnabled("precedence", "ten_allowed")).toBe(true);
    expect(a.isEnabled("precedence", "ten_both")).toBe(false);
    expect(a.isEnabled("precedence", "ten_other")).toBe(false);

    await a.clearTenant("precedence", "ten_both");
    expect(a.isEnabled("precedence", "ten_both")).toBe(false); // disabled, no longer listed
    await a.allowTenant("precedence", "ten_both");
    expect(a.isEnabled("precedence", "ten_both")).toBe(true);
    await a.denyTenant("precedence", "ten_both");
    const stored = await a.get("precedence");
    expect(stored?.tenants).toEqual({ allow: ["ten_allowed"], deny: ["ten_both"] });
  });

  it("a flag that does not exist is off, integration flags included until created", async () => {
    expect(a.isEnabled("never_set", "ten_a")).toBe(false);
    expect(a.isEnabled(integrationFlagName("tiktok"), "ten_a")).toBe(false);
    expect(await a.get("never_set")).toBeNull();
  });

  it("creates the integration flags once and never overwrites them", async () => {
    const first = await a.ensureDefaultFlags(["meta", "linkedin"]);
    expect(first.created).toEqual(["integration_meta", "integration_linkedin"]);
    expect(a.isEnabled("integration_meta", "ten_any")).toBe(true);

    const off = nextChange(b, "integration_meta", (c) => c.value?.enabled === false);
    await a.set("integration_meta", {
      enabled: false,
      rolloutPercentage: 100,
      tenants: { allow: [], deny: [] },
    });
    await off;
    // a second process starting: nothing created, the operator's choice stands
    const again = await b.ensureDefaultFlags(["meta", "linkedin", "gbp"]);
    expect(again.created).toEqual(["integration_gbp"]);
    expect((await b.get("integration_meta"))?.enabled).toBe(false);
    expect(b.isEnabled("integration_meta", "ten_any")).toBe(false);
    expect(b.isEnabled("integration_gbp", "ten_any")).toBe(true);
  });

  it("two writers modifying one flag at once both land (compare-and-set)", async () => {
    const expected = new Set(Array.from({ length: 8 }, (_, i) => `ten_${i}`));
    await Promise.all(
      [...expected].map((tenantId, i) => (i % 2 === 0 ? a : b).allowTenant("concurrent", tenantId)),
    );
    // in the bucket: every write landed
    const entry = await (await openBucket()).get("concurrent");
    expect(new Set(entry?.json<FlagValue>().tenants.allow)).toEqual(expected);
    // and each instance's cache converges on it through its watch
    for (const flags of [a, b]) {
      await vi.waitFor(
        async () => expect(new Set((await flags.get("concurrent"))?.tenants.allow)).toEqual(expected),
        { timeout: 10_000, interval: 50 },
      );
    }
  });

  it("a new instance loads the existing values before ready() resolves", async () => {
    for (const pct of [10, 20, 40]) await a.setRolloutPercentage("history_flag", pct);
    const late = await openFlags();
    expect((await late.get("history_flag"))?.rolloutPercentage).toBe(40);
    expect(late.isEnabled("integration_gbp", "ten_any")).toBe(true);
    expect((await late.list()).map((f) => f.name)).toContain("precedence");
  });

  it("refuses invalid values and names with every problem", async () => {
    const error = await a
      .set("Bad Name", { enabled: "yes", rolloutPercentage: 101, tenants: { allow: [] } })
      .catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe("VALIDATION");
    const paths = isAppError(error) ? (error.errors ?? []).map((p) => p.path) : [];
    expect(paths).toEqual(expect.arrayContaining(["name", "enabled", "rolloutPercentage", "tenants.deny"]));
    await expect(a.setRolloutPercentage("pct", 150)).rejects.toThrow();
    expect(await a.get("pct")).toBeNull();
  });

  it("a value written by hand that is not a flag is treated as off", async () => {
    const kv = await openBucket();
    await a.set("hand_written", { enabled: true, rolloutPercentage: 100, tenants: { allow: [], deny: [] } });
    const seen = nextChange(b, "hand_written", (c) => c.value === null);
    await kv.put("hand_written", "not json");
    await seen;
    await vi.waitFor(() => expect(a.isEnabled("hand_written", "ten_a")).toBe(false), {
      timeout: 10_000,
      interval: 50,
    });
    expect(b.isEnabled("hand_written", "ten_a")).toBe(false);
  });
});
