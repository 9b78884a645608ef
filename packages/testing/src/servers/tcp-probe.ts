import { createConnection } from "node:net";

export interface TcpProbe {
  readonly port: number;
  readonly host?: string;
  /** written once connected (e.g. a Redis PING); nothing when the server speaks first (NATS) */
  readonly send?: string;
  /** true once the bytes received so far prove the server is ready */
  readonly accept: (received: string) => boolean;
  readonly timeoutMs?: number;
}

/** Opens a connection, optionally says something, and resolves whether the answer satisfied `accept`. */
export function probeTcp(probe: TcpProbe): Promise<boolean> {
  return new Promise((resolve) => {
    let received = "";
    const socket = createConnection({ host: probe.host ?? "127.0.0.1", port: probe.port });
    const finish = (ready: boolean) => {
      socket.destroy();
      resolve(ready);
    };
    socket.setTimeout(probe.timeoutMs ?? 1_000, () => finish(false));
    socket.once("error", () => finish(false));
    socket.once("close", () => finish(false));
    socket.once("connect", () => {
      if (probe.send) socket.write(probe.send);
    });
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("utf8");
      if (probe.accept(received)) finish(true);
    });
  });
}
