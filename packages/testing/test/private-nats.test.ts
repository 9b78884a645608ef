import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isProcessAlive, type PrivateServer, startPrivateNats } from "../src/index";
import { answersTcp } from "./server-probes";

let server: PrivateServer;

beforeAll(async () => {
  server = await startPrivateNats({ jetstream: true });
});
afterAll(() => server.dispose());

async function countMessages(): Promise<number> {
  const connection = await connect({ servers: server.url, reconnect: false });
  try {
    const info = await (await jetstreamManager(connection)).streams.info("EVENTS");
    return info.state.messages;
  } finally {
    await connection.close();
  }
}

describe("startPrivateNats", () => {
  it("runs JetStream on its own port and keeps streams across stop, kill and restart", async () => {
    expect(server.port).not.toBe(4222);
    const connection = await connect({ servers: server.url, reconnect: false });
    await (await jetstreamManager(connection)).streams.add({ name: "EVENTS", subjects: ["events.>"] });
    await jetstream(connection).publish("events.one", "1");
    await connection.close();

    await server.stop();
    expect(await answersTcp(server.port)).toBe(false);
    await server.start();
    expect(await countMessages()).toBe(1);

    const pid = server.pid;
    await server.kill();
    expect(pid && isProcessAlive(pid)).toBe(false);
    await server.restart();
    expect(server.running).toBe(true);
    expect(await countMessages()).toBe(1);
  });

  it("can run without JetStream", async () => {
    const plain = await startPrivateNats({ jetstream: false });
    try {
      const connection = await connect({ servers: plain.url, reconnect: false });
      expect(connection.info?.jetstream ?? false).toBe(false);
      await connection.close();
    } finally {
      await plain.dispose();
    }
  });
});
