import { scrubString } from "../redaction/scrub-string";

type Fields = Record<string, unknown>;

/**
 * `req` as a log field: method, URL (secrets in the query scrubbed), host and peer. Never headers or body.
 * Accepts a Fastify request or a Node IncomingMessage; an already serialized (plain) object passes through,
 * so running twice (our log formatter, then pino's serializer) is harmless.
 */
export function serializeRequest(request: unknown): unknown {
  if (!isObject(request) || isPlainObject(request)) return request;
  const socket = isObject(request.socket) ? request.socket : {};
  const headers = isObject(request.headers) ? request.headers : {};
  return {
    method: request.method,
    url: typeof request.url === "string" ? scrubString(request.url) : undefined,
    host: request.host ?? headers.host,
    remoteAddress: request.ip ?? socket.remoteAddress,
    remotePort: socket.remotePort,
  };
}

/** `res` as a log field: the status code only (a Fastify reply or a Node ServerResponse). */
export function serializeResponse(response: unknown): unknown {
  if (!isObject(response) || isPlainObject(response)) return response;
  return { statusCode: response.statusCode };
}

/** Replaces `req` and `res` by their serialized form before the deep redaction walk sees them. */
export function serializeHttpFields(object: Fields): Fields {
  if (object.req === undefined && object.res === undefined) return object;
  const serialized: Fields = { ...object };
  if (object.req !== undefined) serialized.req = serializeRequest(object.req);
  if (object.res !== undefined) serialized.res = serializeResponse(object.res);
  return serialized;
}

function isObject(value: unknown): value is Fields {
  return typeof value === "object" && value !== null;
}

function isPlainObject(value: Fields): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
