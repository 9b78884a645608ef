import { UnexpectedReply } from "./check-result";
import type { Parse } from "./socket-reader";

/** A RESP2 reply: simple string, error, integer, bulk string (null when absent) or array. */
export type RedisReply = string | number | null | RedisError | RedisReply[];

export class RedisError extends Error {
  override readonly name = "RedisError";
}

/** A command as a RESP array of bulk strings. */
export function encodeCommand(args: readonly string[]): Buffer {
  const parts = args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`);
  return Buffer.from(`*${args.length}\r\n${parts.join("")}`, "utf8");
}

function parseAt(buffer: Buffer, offset: number): { value: RedisReply; end: number } | undefined {
  const lineEnd = buffer.indexOf("\r\n", offset);
  if (lineEnd === -1) return undefined;
  const kind = String.fromCharCode(buffer[offset] ?? 0);
  const line = buffer.toString("utf8", offset + 1, lineEnd);
  const next = lineEnd + 2;
  switch (kind) {
    case "+":
      return { value: line, end: next };
    case "-":
      return { value: new RedisError(line), end: next };
    case ":":
      return { value: Number(line), end: next };
    case "$": {
      const length = Number(line);
      if (length === -1) return { value: null, end: next };
      if (buffer.length < next + length + 2) return undefined;
      return { value: buffer.toString("utf8", next, next + length), end: next + length + 2 };
    }
    case "*": {
      const count = Number(line);
      if (count === -1) return { value: null, end: next };
      const items: RedisReply[] = [];
      let end = next;
      for (let index = 0; index < count; index++) {
        const item = parseAt(buffer, end);
        if (!item) return undefined;
        items.push(item.value);
        end = item.end;
      }
      return { value: items, end };
    }
    default:
      throw new UnexpectedReply(
        `not a Redis reply: ${JSON.stringify(buffer.toString("utf8", offset, lineEnd))}`,
      );
  }
}

export const readRedisReply: Parse<RedisReply> = (buffer) => {
  const parsed = parseAt(buffer, 0);
  return parsed ? { value: parsed.value, size: parsed.end } : undefined;
};

/** `INFO` text ("key:value" lines, "# Section" headings) as a map. */
export function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0 && !line.startsWith("#")) fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return fields;
}
