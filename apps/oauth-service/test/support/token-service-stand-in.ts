import type { NatsConnection } from "@nats-io/nats-core";
import { type NatsNamespace, newId, type RpcResponse, StoreConnection } from "@postd/contracts";
import { AppError, createRpcServer, type RpcServer } from "@postd/service-kit";
import type { Logger } from "@postd/telemetry";
import type { z } from "zod";

export type StoreRequest = z.output<typeof StoreConnection.request>;

/**
 * A TEST DOUBLE of token-service: answers `svc.token.store` on the test's namespace, records every request it
 * receives and answers a plausible connection. It stands in for the real token-service (built in parallel) so
 * these tests can check exactly what oauth-service hands over; the end-to-end test through the real
 * token-service lives with the gateway.
 */
export interface TokenServiceStandIn {
  readonly received: StoreRequest[];
  /** make the next store calls fail with this error (e.g. UNAVAILABLE), or succeed again with null */
  failWith(error: AppError | null): void;
  stop(): Promise<void>;
}

export async function startTokenServiceStandIn(options: {
  nc: NatsConnection;
  ns: NatsNamespace;
  logger: Logger;
}): Promise<TokenServiceStandIn> {
  const received: StoreRequest[] = [];
  let failure: AppError | null = null;
  const server: RpcServer = await createRpcServer({
    nc: options.nc,
    ns: options.ns,
    service: "token",
    version: "0.0.0-test",
    logger: options.logger,
  });
  server.handle(StoreConnection, (request): RpcResponse<typeof StoreConnection> => {
    received.push(request);
    if (failure) throw failure;
    const now = new Date().toISOString();
    return {
      id: newId("connection"),
      platform: request.platform,
      status: "active",
      displayName: request.displayName,
      scopes: request.tokens.scopes,
      expiresAt: request.tokens.expiresAt,
      lastHealthCheck: null,
      accounts: request.accounts.map((account) => ({
        id: newId("account"),
        externalId: account.externalId,
        name: account.name,
        kind: account.kind,
      })),
      createdAt: now,
      updatedAt: now,
    };
  });
  return {
    received,
    failWith(error) {
      failure = error;
    },
    stop: () => server.stop(),
  };
}

export function unavailable(): AppError {
  return new AppError("UNAVAILABLE", "token-service stand-in is failing on purpose");
}
