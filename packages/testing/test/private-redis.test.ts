import { existsSync } from "node:fs";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isProcessAlive, type PrivateServer, startPrivateRedis } from "../src/index";
import { answersTcp } from "./server-probes";

let server: PrivateServer;

beforeAll(async () => {
  server = await startPrivateRedis({ appendonly: true });
});
afterAll(() => server.dispose());

async function withClient<T>(use: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(server.url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    return await use(redis);
  } finally {
    redis.disconnect();
  }
}

describe("startPrivateRedis", () => {
  it("answers on its own port, not the shared one", async () => {
    expect(server.port).not.toBe(6379);
    expect(await withClient((redis) => redis.ping())).toBe("PONG");
  });

  it("stops and starts again on the same port, keeping its append-only data", async () => {
    await withClient((redis) => redis.set("kept", "after-stop"));
    await server.stop();
    expect(server.running).toBe(false);
    expect(await answersTcp(server.port)).toBe(false);

    await server.start();
    expect(await withClient((redis) => redis.get("kept"))).toBe("after-stop");
  });

  it("survives a SIGKILL and a restart with its data", async () => {
    await withClient((redis) => redis.set("kept", "after-kill"));
    const pid = server.pid;
    await server.kill();
    expect(pid && isProcessAlive(pid)).toBe(false);
    expect(await answersTcp(server.port)).toBe(false);

    await server.restart();
    expect(server.pid).not.toBe(pid);
    expect(await withClient((redis) => redis.get("kept"))).toBe("after-kill");
  });

  it("deletes its data directory on dispose", async () => {
    const other = await startPrivateRedis();
    expect(existsSync(other.dataDir)).toBe(true);
    await other.dispose();
    expect(existsSync(other.dataDir)).toBe(false);
    expect(await answersTcp(other.port)).toBe(false);
  });
});
