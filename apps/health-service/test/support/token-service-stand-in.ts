import type { NatsConnection } from "@nats-io/nats-core";
import {
  GetAccessToken,
  ListAllConnections,
  type NatsNamespace,
  type Platform,
  VaultStatus,
} from "@postd/contracts";
import { AppError, createRpcServer, notFound } from "@postd/service-kit";
import type { Logger } from "@postd/telemetry";

export interface StandInConnection {
  tenantId: string;
  connectionId: string;
  platform: Platform;
  accessToken: string;
  metadata: Record<string, string>;
  expiresAt: string | null;
  /** what token-service would say: UNPROCESSABLE when the grant needs the user again */
  status: "active" | "needs_reauth" | "revoked";
}

export interface StandInTokenService {
  add(connection: StandInConnection): void;
  /** what token-service's database now says of a connection */
  setStatus(connectionId: string, status: StandInConnection["status"]): void;
  calls: Array<{ verb: string; request: unknown }>;
  /** whether `svc.token.list-all-connections` is answered (the real token-service may not have it yet) */
  offerListing: boolean;
  stop(): Promise<void>;
}

/**
 * TEST DOUBLE of token-service: answers `svc.token.get-access-token` (tenant-scoped: another tenant's id is
 * NOT_FOUND, like a missing one), `vault-status` and `list-all-connections` from memory, with real tokens the
 * test obtained from platform-sim. The real token-service is tested in its own package.
 */
export async function startStandInTokenService(options: {
  nc: NatsConnection;
  ns: NatsNamespace;
  logger: Logger;
}): Promise<StandInTokenService> {
  const connections = new Map<string, StandInConnection>();
  const calls: StandInTokenService["calls"] = [];
  const server = await createRpcServer({ ...options, service: "token", version: "0.0.0-stand-in" });
  const standIn: StandInTokenService = {
    add: (connection) => connections.set(connection.connectionId, connection),
    setStatus(connectionId, status) {
      const found = connections.get(connectionId);
      if (found) found.status = status;
    },
    calls,
    offerListing: true,
    stop: () => server.stop(),
  };
  server.handle(GetAccessToken, (request) => {
    calls.push({ verb: "get-access-token", request });
    const found = request.connectionId ? connections.get(request.connectionId) : undefined;
    if (!found || found.tenantId !== request.tenantId) throw notFound(`connection ${request.connectionId}`);
    if (found.status !== "active") {
      throw new AppError("UNPROCESSABLE", "the connection needs to be authorized again");
    }
    return {
      connectionId: found.connectionId,
      platform: found.platform,
      status: found.status,
      accessToken: found.accessToken,
      userAccessToken: found.accessToken,
      expiresAt: found.expiresAt,
      connection: found.metadata,
      account: null,
    };
  });
  server.handle(VaultStatus, () => ({
    canary: "ok" as const,
    masterKeyVersion: 1,
    dataKeysByMasterKeyVersion: {},
    secretsByDataKeyVersion: {},
  }));
  server.handle(ListAllConnections, (request) => {
    calls.push({ verb: "list-all-connections", request });
    if (!standIn.offerListing) throw new AppError("UNAVAILABLE", "not offered");
    const sorted = [...connections.values()].sort((a, b) => a.connectionId.localeCompare(b.connectionId));
    const after = request.after;
    const page = sorted.filter((c) => after === undefined || c.connectionId > after).slice(0, request.limit);
    const last = page.at(-1);
    return {
      data: page.map((c) => ({
        tenantId: c.tenantId,
        connectionId: c.connectionId,
        platform: c.platform,
        status: c.status,
        expiresAt: c.expiresAt,
      })),
      next: last && page.length === request.limit ? last.connectionId : null,
    };
  });
  return standIn;
}
