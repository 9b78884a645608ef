import type { NatsConnection } from "@nats-io/nats-core";
import { AppError, type RpcClient } from "@postd/service-kit";

/**
 * The gateway's RPC client, honest while NATS is unreachable: the NATS client buffers a request made while it
 * reconnects, and a reply can only come after the reconnect, so an HTTP caller would wait out the whole RPC
 * deadline (15 s for a publish) for a 503 it could have at once. While the connection is down, every call is
 * refused at once with UNAVAILABLE (503 problem+json, Retry-After), and the calls in flight when it dropped are
 * refused too; the client tries again with its Idempotency-Key, which answers the first outcome.
 */
export function failFastWhileDisconnected(rpc: RpcClient, nc: NatsConnection): RpcClient {
  let down = false;
  const inFlight = new Map<(error: AppError) => void, string>();
  const unavailable = (subject: string) =>
    new AppError("UNAVAILABLE", `cannot call ${subject}: NATS is unreachable; try again later`, {
      retryAfterSeconds: 5,
    });
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === "disconnect") {
        down = true;
        for (const [refuse, subject] of inFlight) refuse(unavailable(subject));
        inFlight.clear();
      } else if (status.type === "reconnect") {
        down = false;
      }
    }
  })().catch(() => {
    // the connection closed: calls fail in the RPC client itself
  });
  return {
    call(contract, request, options) {
      if (down) return Promise.reject(unavailable(contract.subject));
      return new Promise((resolve, reject) => {
        inFlight.set(reject, contract.subject);
        rpc
          .call(contract, request, options)
          .then(resolve, reject)
          .finally(() => inFlight.delete(reject));
      });
    },
  };
}
