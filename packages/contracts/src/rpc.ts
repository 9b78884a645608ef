import { z } from "zod";
import { ErrorBody } from "./errors";

export interface RpcContract<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  /** `svc.<service>.<verb>` */
  readonly subject: string;
  readonly service: string;
  readonly verb: string;
  readonly request: Req;
  readonly response: Res;
  /** the deadline a caller uses unless it passes its own */
  readonly defaultTimeoutMs: number;
}

export type RpcRequest<C extends RpcContract> = z.input<C["request"]>;
export type RpcResponse<C extends RpcContract> = z.infer<C["response"]>;

const namePattern = /^[a-z][a-z-]*$/;

export function defineRpc<Req extends z.ZodType, Res extends z.ZodType>(options: {
  service: string;
  verb: string;
  request: Req;
  response: Res;
  defaultTimeoutMs?: number;
}): RpcContract<Req, Res> {
  const { service, verb } = options;
  if (!namePattern.test(service) || !namePattern.test(verb)) {
    throw new Error(`rpc name svc.${service}.${verb} must be lower-case words joined by dashes`);
  }
  return Object.freeze({
    subject: `svc.${service}.${verb}`,
    service,
    verb,
    request: options.request,
    response: options.response,
    defaultTimeoutMs: options.defaultTimeoutMs ?? 5_000,
  });
}

/** What goes back on the wire for every RPC: the answer, or an error with a closed code. */
export const RpcReply = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorBody }),
]);
export type RpcReply = z.infer<typeof RpcReply>;
