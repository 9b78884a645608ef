import {
  ClosedConnectionError,
  DrainingConnectionError,
  InvalidArgumentError,
  InvalidSubjectError,
  type Msg,
  type NatsConnection,
  PermissionViolationError,
  RequestError,
  TimeoutError,
} from "@nats-io/nats-core";
import {
  type NatsNamespace,
  namespaced,
  newId,
  type RpcContract,
  RpcReply,
  type RpcRequest,
  type RpcResponse,
} from "@postd/contracts";
import type { Logger } from "pino";
import { AppError, validationFailed, zodProblems } from "../errors/index";
import { rpcRequestIdHeader } from "./answer-request";
import { inTraceSpan, recordToHeaders, type TracePropagation } from "./trace-propagation";

export interface RpcClientOptions {
  nc: NatsConnection;
  ns: NatsNamespace;
  logger?: Logger;
  tracing?: TracePropagation;
}

export interface RpcCallOptions {
  /** the deadline; the contract's `defaultTimeoutMs` when absent */
  timeoutMs?: number;
  /** extra headers, e.g. `Request-Id` to tie the call to an incoming request (a fresh one is sent otherwise) */
  headers?: Record<string, string>;
}

export interface RpcClient {
  /**
   * Calls the service answering `contract` and resolves to its validated response. Rejects only with `AppError`:
   * the remote's own error, VALIDATION for a request that fails the contract (nothing is sent), UNAVAILABLE when
   * nobody answers in time, nobody listens or NATS is unreachable, INTERNAL for a reply that breaks the contract.
   */
  call<C extends RpcContract>(
    contract: C,
    request: RpcRequest<C>,
    options?: RpcCallOptions,
  ): Promise<RpcResponse<C>>;
}

export function createRpcClient(options: RpcClientOptions): RpcClient {
  const { nc, ns, logger, tracing } = options;
  return {
    async call(contract, request, callOptions = {}) {
      const valid = contract.request.safeParse(request);
      if (!valid.success) throw validationFailed(zodProblems(valid.error));
      const timeoutMs = callOptions.timeoutMs ?? contract.defaultTimeoutMs;
      // One request id on both sides' logs; the caller passes its own to tie the call to an incoming request.
      const headers = { [rpcRequestIdHeader]: newId("request"), ...callOptions.headers };
      return inTraceSpan(tracing, contract.subject, { kind: "client" }, async () => {
        tracing?.inject(headers);
        let reply: Msg;
        try {
          const natsHeaders = recordToHeaders(headers);
          reply = await nc.request(
            namespaced(ns, contract.subject),
            request === undefined ? undefined : JSON.stringify(request),
            natsHeaders ? { timeout: timeoutMs, headers: natsHeaders } : { timeout: timeoutMs },
          );
        } catch (error) {
          throw transportError(error, contract.subject, timeoutMs);
        }
        return readReply(reply, contract, logger);
      });
    },
  };
}

function readReply<C extends RpcContract>(
  reply: Msg,
  contract: C,
  logger: Logger | undefined,
): RpcResponse<C> {
  const parsed = RpcReply.safeParse(parseJson(reply));
  if (!parsed.success) {
    logger?.error({ rpc: contract.subject, problems: zodProblems(parsed.error) }, "rpc reply is malformed");
    throw new AppError("INTERNAL", `${contract.subject} sent a malformed reply`);
  }
  if (!parsed.data.ok) throw AppError.fromBody(parsed.data.error);
  const response = contract.response.safeParse(parsed.data.data);
  if (!response.success) {
    logger?.error(
      { rpc: contract.subject, problems: zodProblems(response.error) },
      "rpc response breaks its contract",
    );
    throw new AppError("INTERNAL", `${contract.subject} answered with a response that breaks its contract`);
  }
  // `C["response"]` is only known as a zod type here; the parse above is what makes this cast true.
  return response.data as RpcResponse<C>;
}

function parseJson(reply: Msg): unknown {
  try {
    return reply.json();
  } catch {
    return undefined;
  }
}

function transportError(error: unknown, subject: string, timeoutMs: number): AppError {
  if (error instanceof TimeoutError) {
    return new AppError("UNAVAILABLE", `${subject} did not answer within ${timeoutMs} ms`, { cause: error });
  }
  if (error instanceof RequestError && error.isNoResponders()) {
    return new AppError("UNAVAILABLE", `no ${subject} responder is running`, { cause: error });
  }
  if (error instanceof ClosedConnectionError || error instanceof DrainingConnectionError) {
    return new AppError("UNAVAILABLE", `cannot call ${subject}: the NATS connection is closed`, {
      cause: error,
    });
  }
  if (
    error instanceof PermissionViolationError ||
    error instanceof InvalidSubjectError ||
    error instanceof InvalidArgumentError
  ) {
    // Retrying will not help: a deployment or programming fault.
    return new AppError("INTERNAL", `cannot call ${subject}`, { cause: error });
  }
  return new AppError("UNAVAILABLE", `cannot call ${subject}: NATS is unreachable`, { cause: error });
}
