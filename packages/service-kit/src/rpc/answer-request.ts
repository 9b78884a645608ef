import type { ServiceMsg } from "@nats-io/services";
import { type ErrorBody, errorStatus, newId, type RpcContract, type RpcReply } from "@postd/contracts";
import type { Logger } from "pino";
import type { z } from "zod";
import { isUnavailableDatabaseError } from "../db/unavailable-error";
import { AppError, validationFailed, zodProblems } from "../errors/index";
import {
  headersToRecord,
  inTraceSpan,
  type TracePropagation,
  withExtractedContext,
} from "./trace-propagation";

/** The header that carries the caller's request id; a fresh `req_…` id is made when it is absent. */
export const rpcRequestIdHeader = "Request-Id";

export interface RpcHandlerContext {
  /** child of the server's logger with `rpc` (the subject) and `requestId` */
  logger: Logger;
  requestId: string;
  /** the request's NATS headers, flattened (first value of each key) */
  headers: Readonly<Record<string, string>>;
}

/** Gets the parsed request (defaults applied); returns what the response schema accepts. */
export type RpcHandler<C extends RpcContract> = (
  request: z.output<C["request"]>,
  context: RpcHandlerContext,
) => Promise<z.input<C["response"]>> | z.input<C["response"]>;

export interface AnswerRequestOptions<C extends RpcContract> {
  msg: ServiceMsg;
  contract: C;
  handler: RpcHandler<C>;
  logger: Logger;
  tracing: TracePropagation | undefined;
}

/**
 * Answers one request with an `RpcReply`: parse, validate, run the handler, validate its answer. Every failure
 * becomes an error body (an `AppError`'s own, UNAVAILABLE for an unreachable database, or a generic INTERNAL for
 * anything else) and is also flagged with the services-API error headers. Resolves to the error body sent, if any;
 * never rejects.
 */
export async function answerRequest<C extends RpcContract>(
  options: AnswerRequestOptions<C>,
): Promise<ErrorBody | null> {
  const { msg, contract, tracing } = options;
  const headers = headersToRecord(msg.headers);
  const requestId = headers[rpcRequestIdHeader] || newId("request");
  // Every line of a tenant's request names the tenant (tenant-scoped requests carry `tenantId`).
  const tenantId = tenantIdOf(msg);
  const logger = options.logger.child({
    rpc: contract.subject,
    requestId,
    ...(tenantId ? { tenantId } : {}),
  });
  const started = performance.now();
  return withExtractedContext(tracing, headers, async () => {
    try {
      const data = await inTraceSpan(
        tracing,
        contract.subject,
        { kind: "server", attributes: { requestId, ...(tenantId ? { tenantId } : {}) } },
        () => runHandler({ ...options, logger }, { logger, requestId, headers }),
      );
      respond(msg, { ok: true, data });
      logger.debug({ durationMs: elapsedMs(started) }, "rpc answered");
      return null;
    } catch (error) {
      const body = toErrorBody(error, logger, elapsedMs(started));
      respond(msg, { ok: false, error: body });
      return body;
    }
  });
}

async function runHandler<C extends RpcContract>(
  options: AnswerRequestOptions<C>,
  context: RpcHandlerContext,
): Promise<unknown> {
  const { msg, contract, handler, logger } = options;
  const request = contract.request.safeParse(parseBody(msg));
  if (!request.success) throw validationFailed(zodProblems(request.error));
  // `C["request"]` is only known as a zod type here; the parse above is what makes this cast true.
  const result = await handler(request.data as z.output<C["request"]>, context);
  const response = contract.response.safeParse(result);
  if (!response.success) {
    // The handler broke its own contract: our fault, never the caller's.
    logger.error({ problems: zodProblems(response.error) }, "rpc handler returned an invalid response");
    throw new AppError("INTERNAL", "the service produced an invalid response");
  }
  return response.data;
}

function tenantIdOf(msg: ServiceMsg): string | undefined {
  try {
    const body: unknown = msg.data.length === 0 ? undefined : JSON.parse(msg.string());
    const tenantId = (body as { tenantId?: unknown } | undefined)?.tenantId;
    return typeof tenantId === "string" && tenantId.length <= 64 ? tenantId : undefined;
  } catch {
    return undefined;
  }
}

function parseBody(msg: ServiceMsg): unknown {
  if (msg.data.length === 0) return undefined;
  try {
    return JSON.parse(msg.string());
  } catch (error) {
    throw new AppError("VALIDATION", "the request body is not valid JSON", { cause: error });
  }
}

function toErrorBody(error: unknown, logger: Logger, durationMs: number): ErrorBody {
  if (error instanceof AppError) {
    const level = error.status >= 500 ? "warn" : "info";
    logger[level]({ code: error.code, detail: error.message, durationMs }, "rpc failed");
    return error.toBody();
  }
  if (isUnavailableDatabaseError(error)) {
    // the database is down or restarting: the caller answers 503 and may retry, as over HTTP (mapError)
    logger.warn({ err: error, durationMs }, "rpc failed: the database is unavailable");
    return {
      code: "UNAVAILABLE",
      detail: "the database is unavailable; try again shortly",
      retryAfterSeconds: 5,
    };
  }
  logger.error({ err: error, durationMs }, "rpc handler threw");
  return { code: "INTERNAL", detail: "the service failed to handle the request" };
}

function respond(msg: ServiceMsg, reply: RpcReply): void {
  const payload = JSON.stringify(reply);
  if (reply.ok) {
    msg.respond(payload);
    return;
  }
  // The services-API error headers let generic NATS tooling recognize a failed request.
  msg.respondError(errorStatus[reply.error.code], reply.error.code, payload);
}

function elapsedMs(started: number): number {
  return Math.round((performance.now() - started) * 1000) / 1000;
}
