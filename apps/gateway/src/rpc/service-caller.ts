import { RequestError } from "@nats-io/nats-core";
import type { RpcContract, RpcRequest, RpcResponse } from "@postd/contracts";
import { AppError, type RpcClient, rpcRequestIdHeader } from "@postd/service-kit";

export interface CallOptions {
  /** the incoming request's id, so both services' logs carry one id */
  requestId: string;
  timeoutMs?: number;
  /**
   * The request's fields came from the HTTP body: the field problems the service names (`targets.0.accountId`)
   * are answered as `body.targets.0.accountId`, as the gateway's own schema checks name them, so that one field
   * has one name whichever layer found the problem.
   */
  fieldsIn?: "body";
}

/** Calls another service over NATS RPC on behalf of an HTTP request. */
export type ServiceCaller = <C extends RpcContract>(
  contract: C,
  request: RpcRequest<C>,
  options: CallOptions,
) => Promise<RpcResponse<C>>;

/**
 * `rpc.call` with the request id passed along, and "nobody is listening" said plainly: a caller of the API
 * learns that `health-service is not running` (503) rather than a NATS subject.
 */
export function createServiceCaller(rpc: RpcClient): ServiceCaller {
  return async (contract, request, options) => {
    try {
      return await rpc.call(contract, request, {
        headers: { [rpcRequestIdHeader]: options.requestId },
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      });
    } catch (error) {
      if (error instanceof AppError && error.cause instanceof RequestError && error.cause.isNoResponders()) {
        throw new AppError("UNAVAILABLE", `${contract.service}-service is not running; try again later`, {
          retryAfterSeconds: 5,
          cause: error,
        });
      }
      if (error instanceof AppError && error.errors && options.fieldsIn) {
        const where = options.fieldsIn;
        throw new AppError(error.code, error.message, {
          errors: error.errors.map((problem) => ({ ...problem, path: `${where}.${problem.path}` })),
          ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }),
          cause: error,
        });
      }
      throw error;
    }
  };
}
