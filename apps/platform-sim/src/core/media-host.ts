import type { FastifyInstance } from "fastify";

/** The host of the emulated media CDN: connectors fetch media from here in sim mode (rewritten like any https URL). */
export const simMediaHost = "media.platform-sim.test";

const contentTypes: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  gif: "image/gif",
  mp4: "video/mp4",
  mov: "video/quicktime",
  webm: "video/webm",
};

/**
 * `GET https://media.platform-sim.test/<name>.<ext>?bytes=N` answers N deterministic bytes (default 1024) of the
 * extension's content type, streamed, so large uploads can be tested without holding files.
 */
export async function registerMediaHost(app: FastifyInstance): Promise<void> {
  const handler = async (
    request: { params: unknown; query: unknown; method: string },
    reply: import("fastify").FastifyReply,
  ) => {
    const { name } = request.params as { name: string };
    const { bytes } = request.query as { bytes?: string };
    const size = bytes && /^\d+$/.test(bytes) ? Number(bytes) : 1024;
    const extension = name.split(".").pop()?.toLowerCase() ?? "";
    const contentType = contentTypes[extension];
    if (!contentType) return reply.code(404).send({ error: "unknown media type" });
    reply.header("content-type", contentType);
    if (request.method === "HEAD") {
      // Fastify would overwrite the length of an empty reply with 0: write the head ourselves.
      reply.hijack();
      reply.raw.writeHead(200, { "content-type": contentType, "content-length": String(size) });
      reply.raw.end();
      return reply;
    }
    reply.header("content-length", String(size));
    return reply.send(deterministicBytes(size));
  };
  app.get(`/${simMediaHost}/:name`, handler);
}

const chunkSize = 64 * 1024;
/** byte i of every media file is i % 251; chunks are windows onto this pattern */
const pattern = Uint8Array.from({ length: chunkSize + 251 }, (_, i) => i % 251);

function deterministicBytes(size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= size) {
        controller.close();
        return;
      }
      const length = Math.min(chunkSize, size - sent);
      const offset = sent % 251;
      controller.enqueue(pattern.slice(offset, offset + length));
      sent += length;
    },
  });
}
