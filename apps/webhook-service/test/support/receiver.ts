import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  /** the raw body, exactly as it arrived */
  body: string;
  path: string;
  receivedAt: number;
}

/** What the receiver answers to request number `n` (1-based, counted across restarts). */
export type Answer = (
  request: ReceivedWebhook,
  n: number,
) => { status: number; body?: string; headers?: Record<string, string>; delayMs?: number };

export interface TestReceiver {
  readonly url: string;
  readonly port: number;
  readonly received: ReceivedWebhook[];
  answer: Answer;
  /** the requests that carried this webhook id */
  byWebhookId(id: string): ReceivedWebhook[];
  /** stop listening (connections are refused) and start again on the same port */
  goDown(): Promise<void>;
  comeUp(): Promise<void>;
  close(): Promise<void>;
}

/** A real HTTP server on a free loopback port that records every webhook and answers as told (200 by default). */
export async function startReceiver(options: { path?: string } = {}): Promise<TestReceiver> {
  const received: ReceivedWebhook[] = [];
  let server: Server | null = null;
  let port = 0;
  const receiver: TestReceiver = {
    get url() {
      return `http://127.0.0.1:${port}${options.path ?? "/hooks"}`;
    },
    get port() {
      return port;
    },
    received,
    answer: () => ({ status: 200, body: "ok" }),
    byWebhookId: (id) => received.filter((entry) => entry.headers["postd-webhook-id"] === id),
    goDown: async () => {
      const running = server;
      server = null;
      if (!running) return;
      running.closeAllConnections();
      await new Promise<void>((resolve) => running.close(() => resolve()));
    },
    comeUp: async () => {
      server = await listen(port);
    },
    close: () => receiver.goDown(),
  };
  const listen = async (onPort: number): Promise<Server> => {
    const created = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const entry: ReceivedWebhook = {
          headers: request.headers,
          body: Buffer.concat(chunks).toString("utf8"),
          path: request.url ?? "",
          receivedAt: Date.now(),
        };
        received.push(entry);
        const answer = receiver.answer(entry, received.length);
        const respond = () => {
          response.writeHead(answer.status, { "content-type": "text/plain", ...answer.headers });
          response.end(answer.body ?? "");
        };
        if (answer.delayMs) setTimeout(respond, answer.delayMs);
        else respond();
      });
    });
    created.keepAliveTimeout = 1;
    created.listen(onPort, "127.0.0.1");
    await once(created, "listening");
    port = (created.address() as AddressInfo).port;
    return created;
  };
  server = await listen(0);
  return receiver;
}
