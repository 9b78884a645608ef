import type { NatsConnection } from "@nats-io/nats-core";
import {
  type AccountKind,
  CompleteOAuth,
  type ConnectionView,
  FindAccountOwner,
  GetAccountOptions,
  GetConnection,
  ListConnections,
  type NatsNamespace,
  newId,
  type OAuthOutcome,
  type Platform,
  RefreshConnection,
  RevokeConnection,
  type RpcRequest,
  StartOAuth,
} from "@postd/contracts";
import { createRpcServer, notFound, type RpcServer } from "@postd/service-kit";
import type { Logger } from "pino";

/**
 * TEST DOUBLES of token-service and oauth-service: they answer the real contracts (packages/contracts/src/rpc)
 * from memory so the gateway can be tested before and apart from those services. Tenant scoping behaves like
 * the real ones: another tenant's id is NOT_FOUND, exactly like a missing one. The end-to-end suite runs the
 * real services instead.
 */
interface StandInOptions {
  nc: NatsConnection;
  ns: NatsNamespace;
  logger: Logger;
}

interface StoredConnection {
  tenantId: string;
  view: ConnectionView;
}

export interface StandInTokenService {
  /** a connection with one account, owned by `tenantId` */
  addConnection(input: {
    tenantId: string;
    platform: Platform;
    kind: AccountKind;
    externalAccountId?: string;
  }): ConnectionView;
  /** Mailchimp webhook URL secrets → owner */
  addMailchimpSecret(secret: string, owner: { tenantId: string; connectionId: string }): void;
  calls: Array<{ verb: string; request: unknown }>;
  stop(): Promise<void>;
}

export async function startStandInTokenService(options: StandInOptions): Promise<StandInTokenService> {
  const connections = new Map<string, StoredConnection>();
  const secrets = new Map<string, { tenantId: string; connectionId: string }>();
  const calls: Array<{ verb: string; request: unknown }> = [];
  const server = await createRpcServer({ ...options, service: "token", version: "0.0.0-stand-in" });
  const own = (tenantId: string, connectionId: string): StoredConnection => {
    const found = connections.get(connectionId);
    if (!found || found.tenantId !== tenantId) throw notFound(`connection ${connectionId}`);
    return found;
  };
  const record = <T>(verb: string, request: T): T => {
    calls.push({ verb, request });
    return request;
  };

  server
    .handle(ListConnections, (request) => {
      record("list-connections", request);
      return {
        data: [...connections.values()].filter((c) => c.tenantId === request.tenantId).map((c) => c.view),
      };
    })
    .handle(
      GetConnection,
      (request) => own(record("get-connection", request).tenantId, request.connectionId).view,
    )
    .handle(RefreshConnection, (request) => {
      const stored = own(record("refresh", request).tenantId, request.connectionId);
      stored.view = { ...stored.view, updatedAt: new Date().toISOString() };
      return stored.view;
    })
    .handle(RevokeConnection, (request) => {
      const stored = own(record("revoke", request).tenantId, request.connectionId);
      stored.view = { ...stored.view, status: "revoked" };
      return {
        connectionId: request.connectionId,
        revokedAtPlatform: true,
        detail: "revoked by the stand-in",
      };
    })
    .handle(GetAccountOptions, (request) => {
      record("account-options", request);
      for (const { tenantId, view } of connections.values()) {
        const account = view.accounts.find((a) => a.id === request.accountId);
        if (account && tenantId === request.tenantId) {
          return { platform: view.platform, kind: account.kind, options: { privacyLevels: ["SELF_ONLY"] } };
        }
      }
      throw notFound(`account ${request.accountId}`);
    })
    .handle(FindAccountOwner, (request: RpcRequest<typeof FindAccountOwner>) => {
      record("find-account-owner", request);
      if ("webhookSecret" in request) {
        const owner = secrets.get(request.webhookSecret);
        return { matches: owner ? [{ ...owner, accountId: null }] : [] };
      }
      const matches = [...connections.values()].flatMap(({ tenantId, view }) =>
        view.platform === request.platform
          ? view.accounts
              .filter((a) => a.externalId === request.externalAccountId)
              .map((a) => ({ tenantId, connectionId: view.id, accountId: a.id }))
          : [],
      );
      return { matches };
    });

  return {
    addConnection(input) {
      const now = new Date().toISOString();
      const view: ConnectionView = {
        id: newId("connection"),
        platform: input.platform,
        status: "active",
        displayName: `${input.platform} test user`,
        scopes: ["read", "write"],
        expiresAt: null,
        lastHealthCheck: null,
        accounts: [
          {
            id: newId("account"),
            externalId: input.externalAccountId ?? `ext-${newId("account")}`,
            name: "Test account",
            kind: input.kind,
          },
        ],
        createdAt: now,
        updatedAt: now,
      };
      connections.set(view.id, { tenantId: input.tenantId, view });
      return view;
    },
    addMailchimpSecret: (secret, owner) => secrets.set(secret, owner),
    calls,
    stop: () => server.stop(),
  };
}

export interface StandInOAuthService {
  /** what `complete` answers next; by default a connected outcome without returnTo */
  nextOutcome: (request: RpcRequest<typeof CompleteOAuth>) => OAuthOutcome;
  calls: Array<{ verb: string; request: unknown }>;
  stop(): Promise<void>;
}

export async function startStandInOAuthService(options: StandInOptions): Promise<StandInOAuthService> {
  const server: RpcServer = await createRpcServer({
    ...options,
    service: "oauth",
    version: "0.0.0-stand-in",
  });
  const standIn: StandInOAuthService = {
    nextOutcome: (request) => ({
      status: "connected",
      returnTo: null,
      connectionId: newId("connection"),
      platform: request.platform,
      errorCode: null,
      message: "connected",
    }),
    calls: [],
    stop: () => server.stop(),
  };
  server
    .handle(StartOAuth, (request) => {
      standIn.calls.push({ verb: "start", request });
      return {
        authorizationUrl: `https://auth.example.test/${request.platform}/authorize?state=stand-in-state`,
        expiresAt: new Date(Date.now() + 600_000).toISOString(),
      };
    })
    .handle(CompleteOAuth, (request) => {
      standIn.calls.push({ verb: "complete", request });
      return standIn.nextOutcome(request);
    });
  return standIn;
}
