import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync, inflateSync } from "node:zlib";

export interface OtlpReceiver {
  /** what to set `OTEL_EXPORTER_OTLP_ENDPOINT` to */
  url: string;
  /** every request received, by path (`/v1/traces`, `/v1/metrics`), decompressed raw bytes */
  readonly requests: Array<{ path: string; contentType: string; body: Buffer }>;
  /** every body as one latin1 string: protobuf keeps strings as raw UTF-8 bytes, JSON as escaped text */
  text(): string;
  close(): Promise<void>;
}

/**
 * A stand-in OpenTelemetry collector: accepts OTLP/HTTP (protobuf or JSON, gzip or not) on any path, answers
 * success, and keeps the raw bytes so a test can search what the services exported.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const requests: OtlpReceiver["requests"] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const raw = Buffer.concat(chunks);
      const encoding = request.headers["content-encoding"];
      const body = encoding === "gzip" ? gunzipSync(raw) : encoding === "deflate" ? inflateSync(raw) : raw;
      const contentType = request.headers["content-type"] ?? "";
      requests.push({ path: request.url ?? "", contentType, body });
      const json = contentType.includes("json");
      response.writeHead(200, { "content-type": json ? "application/json" : "application/x-protobuf" });
      response.end(json ? "{}" : Buffer.alloc(0));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    text: () => requests.map((request) => `${request.path} ${request.body.toString("latin1")}`).join("\n"),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
