import type { LookupAddress, LookupOptions } from "node:dns";
import { type ClientRequest, request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { performance } from "node:perf_hooks";
import { parseUrlFor } from "./check-endpoint-url";
import { isIpLiteral, stripBrackets } from "./ip-address";
import { type OutboundPolicy, OutboundRefusedError, permittedAddresses } from "./outbound-policy";

export interface WebhookRequest {
  url: string;
  headers: Readonly<Record<string, string>>;
  body: string;
  /** the whole exchange: connect, send, response headers and the excerpt */
  timeoutMs: number;
  /** how much of the response body to keep */
  excerptBytes: number;
}

export type PostOutcome =
  | { kind: "response"; statusCode: number; latencyMs: number; responseExcerpt: string }
  | { kind: "failed"; failure: "refused" | "timeout" | "connection"; error: string; latencyMs: number };

class AttemptTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = "AttemptTimeoutError";
  }
}

/**
 * POSTs one webhook. The host is resolved by our own lookup, which refuses private answers and hands the socket
 * only the checked addresses, so a DNS answer that changes between the check and the connect cannot reach a
 * private address. Redirects are never followed (a 3xx is an answer like any other non-2xx). Never throws.
 */
export async function postWebhook(policy: OutboundPolicy, request: WebhookRequest): Promise<PostOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let url: URL;
  try {
    url = parseUrlFor(policy, request.url);
    const host = stripBrackets(url.hostname);
    if (isIpLiteral(host)) await permittedAddresses(policy, host);
  } catch (error) {
    return failedOutcome(error, elapsed());
  }
  return exchange(policy, url, request, elapsed);
}

interface Collected {
  started: boolean;
  statusCode: number;
  latencyMs: number;
  chunks: Buffer[];
  size: number;
}

/** One request and its answer, bounded by the timeout and the excerpt size; resolves exactly once. */
function exchange(
  policy: OutboundPolicy,
  url: URL,
  request: WebhookRequest,
  elapsed: () => number,
): Promise<PostOutcome> {
  return new Promise<PostOutcome>((resolve) => {
    const collected: Collected = { started: false, statusCode: 0, latencyMs: 0, chunks: [], size: 0 };
    let settled = false;
    const finish = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
      req.destroy();
    };
    const answerSoFar = () => finish(responseOutcome(collected, request.excerptBytes));
    const failOrAnswer = (error: unknown) =>
      collected.started ? answerSoFar() : finish(failedOutcome(error, elapsed()));
    const req = openRequest(policy, url, request);
    const timer = setTimeout(
      () => failOrAnswer(new AttemptTimeoutError(request.timeoutMs)),
      request.timeoutMs,
    );
    req.on("response", (incoming: IncomingMessage) => {
      Object.assign(collected, { started: true, statusCode: incoming.statusCode ?? 0, latencyMs: elapsed() });
      incoming.on("data", (chunk: Buffer) => {
        collected.chunks.push(chunk);
        collected.size += chunk.length;
        if (collected.size >= request.excerptBytes) answerSoFar();
      });
      incoming.on("end", answerSoFar);
      incoming.on("error", answerSoFar);
    });
    req.on("error", failOrAnswer);
    req.end(request.body);
  });
}

/** The POST, connecting only through the guarded lookup, with no connection reuse. */
function openRequest(policy: OutboundPolicy, url: URL, request: WebhookRequest): ClientRequest {
  return (url.protocol === "https:" ? httpsRequest : httpRequest)({
    method: "POST",
    hostname: stripBrackets(url.hostname),
    port: url.port === "" ? undefined : Number(url.port),
    path: `${url.pathname}${url.search}`,
    headers: { ...request.headers, "Content-Length": String(Buffer.byteLength(request.body)) },
    agent: false,
    lookup: guardedLookup(policy),
  });
}

function responseOutcome(collected: Collected, excerptBytes: number): PostOutcome {
  return {
    kind: "response",
    statusCode: collected.statusCode,
    latencyMs: collected.latencyMs,
    responseExcerpt: Buffer.concat(collected.chunks).subarray(0, excerptBytes).toString("utf8"),
  };
}

function failedOutcome(error: unknown, latencyMs: number): PostOutcome {
  if (error instanceof OutboundRefusedError) {
    return { kind: "failed", failure: "refused", error: `refused: ${error.reason}`, latencyMs };
  }
  if (error instanceof AttemptTimeoutError) {
    return { kind: "failed", failure: "timeout", error: error.message, latencyMs };
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return { kind: "failed", failure: "connection", error: code ? `${code}: ${message}` : message, latencyMs };
}

/** A `lookup` for the socket: our resolver, our check, and only the checked addresses handed back. */
function guardedLookup(policy: OutboundPolicy): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    permittedAddresses(policy, hostname).then(
      (addresses) => {
        const family = options.family === 4 || options.family === 6 ? options.family : null;
        const usable = family === null ? addresses : addresses.filter((entry) => entry.family === family);
        const first = usable[0];
        if (!first) {
          callback(new OutboundRefusedError(`the host ${hostname} has no usable address`), "", 0);
        } else if (options.all) {
          callback(
            null,
            usable.map((entry): LookupAddress => ({ address: entry.address, family: entry.family })),
          );
        } else {
          callback(null, first.address, first.family);
        }
      },
      (error: unknown) => {
        const wrapped =
          error instanceof Error ? error : new OutboundRefusedError(`the host ${hostname} does not resolve`);
        callback(wrapped, "", 0);
      },
    );
  };
}
