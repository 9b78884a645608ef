import type { RpcContract } from "@postd/contracts";
import type { RpcHandlerContext } from "@postd/service-kit";
import { type Logger, measureLatency } from "@postd/telemetry";
import type { AccessMeta, TokenContext } from "../context";
import type { TokenVault } from "../vault/open-token-vault";

/** Builds the verb context for one request, with the request's child logger. */
export type ContextFor = (logger: Logger) => TokenContext;
export type VaultContextFor = (
  logger: Logger,
) => Pick<TokenContext, "db" | "logger"> & { tokenVault: TokenVault };

/** Header a calling service names itself in (`publish-service`); recorded as the access log's caller. */
export const callerHeader = "Postd-Caller";

/** `rpc.request.duration` on the answering side, by verb and outcome. */
export function measured<T>(contract: RpcContract, work: () => Promise<T>): Promise<T> {
  return measureLatency("rpc.request.duration", { service: contract.service, verb: contract.verb }, work);
}

/** Who asked: the `Postd-Caller` header (sanitized) and the request id; the purpose comes from the request. */
export function accessOf(context: RpcHandlerContext): Omit<AccessMeta, "purpose"> {
  const raw = context.headers[callerHeader] ?? "";
  const caller = /^[a-z0-9][a-z0-9._-]{0,63}$/i.test(raw) ? raw : "unspecified";
  return { caller, requestId: context.requestId };
}
