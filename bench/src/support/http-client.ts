import { Agent, request } from "node:http";

export interface HttpAnswer {
  /** 0 when the request failed without an answer (connection refused or reset, timeout) */
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface JsonClient {
  post(url: string, body: unknown, headers?: Record<string, string>): Promise<HttpAnswer>;
  get(url: string, headers?: Record<string, string>): Promise<HttpAnswer>;
  close(): void;
}

/**
 * A keep-alive HTTP/1.1 client on `node:http` for the load generator: far cheaper per request than `fetch`, so the
 * generator takes as little of the machine's two cores as it can. The same client drives every contender.
 */
export function createJsonClient(options: { maxSockets: number; timeoutMs?: number }): JsonClient {
  const agent = new Agent({
    keepAlive: true,
    maxSockets: options.maxSockets,
    maxFreeSockets: options.maxSockets,
  });
  const timeoutMs = options.timeoutMs ?? 30_000;
  const send = (method: string, url: string, payload: string | null, headers: Record<string, string>) =>
    new Promise<HttpAnswer>((resolve) => {
      const outgoing = request(
        url,
        {
          method,
          agent,
          headers: {
            ...headers,
            ...(payload === null
              ? {}
              : { "content-type": "application/json", "content-length": Buffer.byteLength(payload) }),
          },
          timeout: timeoutMs,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () =>
            resolve({
              status: response.statusCode ?? 0,
              body: Buffer.concat(chunks).toString("utf8"),
              headers: response.headers,
            }),
          );
          response.on("error", () => resolve({ status: 0, body: "", headers: {} }));
        },
      );
      outgoing.on("timeout", () => outgoing.destroy(new Error("timeout")));
      outgoing.on("error", (error) => resolve({ status: 0, body: String(error), headers: {} }));
      if (payload !== null) outgoing.write(payload);
      outgoing.end();
    });
  return {
    post: (url, body, headers = {}) => send("POST", url, JSON.stringify(body), headers),
    get: (url, headers = {}) => send("GET", url, null, headers),
    close: () => agent.destroy(),
  };
}
