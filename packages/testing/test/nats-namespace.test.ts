import { jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { namespacedName, streamFor } from "@postd/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { belongsToNamespace, createNatsNamespace } from "../src/index";

const mine = createNatsNamespace();
const theirs = createNatsNamespace();
let connection: NatsConnection;

beforeAll(async () => {
  connection = await connect({ servers: mine.url });
});
afterAll(async () => {
  await Promise.all([mine.cleanup(), theirs.cleanup()]);
  await connection.close();
});

async function streamNames(): Promise<string[]> {
  const jsm = await jetstreamManager(connection);
  const names: string[] = [];
  for await (const name of jsm.streams.names()) names.push(name);
  return names;
}

describe("createNatsNamespace", () => {
  it("hands out distinct lowercase prefixes without dots", () => {
    expect(mine.ns.prefix).toMatch(/^t[a-z0-9]{10}$/);
    expect(theirs.ns.prefix).not.toBe(mine.ns.prefix);
  });

  it("deletes its own streams, KV buckets and consumers and leaves the rest", async () => {
    const jsm = await jetstreamManager(connection);
    const own = streamFor(mine.ns, "post");
    const other = streamFor(theirs.ns, "post");
    await jsm.streams.add({ name: own.name, subjects: [...own.subjects] });
    await jsm.streams.add({ name: other.name, subjects: [...other.subjects] });
    const bucket = namespacedName(mine.ns, "flags");
    await jsm.streams.add({ name: `KV_${bucket}`, subjects: [`$KV.${bucket}.>`] });
    // our durable on another namespace's stream goes; theirs stays
    await jsm.consumers.add(other.name, { durable_name: namespacedName(mine.ns, "webhook_service") });
    await jsm.consumers.add(other.name, { durable_name: namespacedName(theirs.ns, "webhook_service") });

    await mine.cleanup();

    const names = await streamNames();
    expect(names).not.toContain(own.name);
    expect(names).not.toContain(`KV_${bucket}`);
    expect(names).toContain(other.name);
    const consumers: string[] = [];
    for await (const info of jsm.consumers.list(other.name)) consumers.push(info.name);
    expect(consumers).toEqual([namespacedName(theirs.ns, "webhook_service")]);
  });
});

describe("belongsToNamespace", () => {
  it("matches the prefix followed by an underscore only", () => {
    expect(belongsToNamespace("tabc_POST", "tabc")).toBe(true);
    expect(belongsToNamespace("KV_tabc_flags", "tabc")).toBe(true);
    expect(belongsToNamespace("OBJ_tabc_media", "tabc")).toBe(true);
    expect(belongsToNamespace("tabcd_POST", "tabc")).toBe(false);
    expect(belongsToNamespace("POST", "tabc")).toBe(false);
  });
});
