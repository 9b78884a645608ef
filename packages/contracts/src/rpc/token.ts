import { z } from "zod";
import { AccountKind, ConnectionStatus, Platform } from "../domain";
import { defineRpc } from "../rpc";

/** An account as the API shows it (`GET /api/connections`). */
export const AccountView = z.object({
  id: z.string(),
  externalId: z.string(),
  name: z.string(),
  kind: AccountKind,
});
export type AccountView = z.infer<typeof AccountView>;

export const HealthSummary = z.object({
  status: z.enum(["healthy", "unhealthy", "error"]),
  checkedAt: z.iso.datetime(),
});

/** A connection as the API shows it: never a token. */
export const ConnectionView = z.object({
  id: z.string(),
  platform: Platform,
  status: ConnectionStatus,
  displayName: z.string(),
  scopes: z.array(z.string()),
  expiresAt: z.iso.datetime().nullable(),
  lastHealthCheck: HealthSummary.nullable(),
  accounts: z.array(AccountView),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ConnectionView = z.infer<typeof ConnectionView>;

const TenantScoped = { tenantId: z.string().min(1) };

const TokenSetInput = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).nullable(),
  expiresAt: z.iso.datetime().nullable(),
  refreshTokenExpiresAt: z.iso.datetime().nullable(),
  scopes: z.array(z.string()),
});

const PlatformAccountInput = z.object({
  externalId: z.string().min(1),
  name: z.string(),
  kind: AccountKind,
  accessToken: z.string().min(1).nullable(),
  metadata: z.record(z.string(), z.string()),
});

/** oauth-service hands a completed grant to token-service, the only holder of plaintext tokens. */
export const StoreConnection = defineRpc({
  service: "token",
  verb: "store",
  request: z.object({
    ...TenantScoped,
    platform: Platform,
    externalUserId: z.string().min(1),
    displayName: z.string(),
    tokens: TokenSetInput,
    metadata: z.record(z.string(), z.string()),
    accounts: z.array(PlatformAccountInput),
  }),
  response: ConnectionView,
  defaultTimeoutMs: 10_000,
});

/** A token to call the platform with, for a connection or one of its accounts (a Page token for a Page). */
export const GetAccessToken = defineRpc({
  service: "token",
  verb: "get-access-token",
  request: z
    .object({
      ...TenantScoped,
      connectionId: z.string().optional(),
      accountId: z.string().optional(),
      /** refresh first even when the token looks valid (the platform said it expired) */
      forceRefresh: z.boolean().default(false),
      /** recorded in the secret access log: "publish", "health-check", "analytics" */
      purpose: z.string().min(1),
    })
    .refine((r) => Boolean(r.connectionId) !== Boolean(r.accountId), {
      message: "give exactly one of connectionId or accountId",
    }),
  response: z.object({
    connectionId: z.string(),
    platform: Platform,
    status: ConnectionStatus,
    accessToken: z.string(),
    userAccessToken: z.string(),
    expiresAt: z.iso.datetime().nullable(),
    connection: z.record(z.string(), z.string()),
    account: z
      .object({
        id: z.string(),
        externalId: z.string(),
        name: z.string(),
        kind: AccountKind,
        metadata: z.record(z.string(), z.string()),
      })
      .nullable(),
  }),
  defaultTimeoutMs: 35_000,
});

export const RefreshConnection = defineRpc({
  service: "token",
  verb: "refresh",
  request: z.object({ ...TenantScoped, connectionId: z.string().min(1) }),
  response: ConnectionView,
  defaultTimeoutMs: 35_000,
});

/** Disconnect: revoke at the platform where it can, delete the secrets, mark revoked. */
export const RevokeConnection = defineRpc({
  service: "token",
  verb: "revoke",
  request: z.object({ ...TenantScoped, connectionId: z.string().min(1) }),
  response: z.object({ connectionId: z.string(), revokedAtPlatform: z.boolean(), detail: z.string() }),
  defaultTimeoutMs: 35_000,
});

export const ListConnections = defineRpc({
  service: "token",
  verb: "list-connections",
  request: z.object({ ...TenantScoped }),
  response: z.object({ data: z.array(ConnectionView) }),
});

export const GetConnection = defineRpc({
  service: "token",
  verb: "get-connection",
  request: z.object({ ...TenantScoped, connectionId: z.string().min(1) }),
  response: ConnectionView,
});

export const AccountDetails = z.object({
  id: z.string(),
  externalId: z.string(),
  name: z.string(),
  kind: AccountKind,
  platform: Platform,
  connectionId: z.string(),
  connectionStatus: ConnectionStatus,
});
export type AccountDetails = z.infer<typeof AccountDetails>;

export const GetAccount = defineRpc({
  service: "token",
  verb: "get-account",
  request: z.object({ ...TenantScoped, accountId: z.string().min(1) }),
  response: AccountDetails,
});

/** Several accounts at once (publish validation looks up every target). Unknown or foreign ids are left out. */
export const GetAccounts = defineRpc({
  service: "token",
  verb: "get-accounts",
  request: z.object({ ...TenantScoped, accountIds: z.array(z.string().min(1)).max(100) }),
  response: z.object({ data: z.array(AccountDetails) }),
});

export const AccountOptionsView = z.object({
  platform: Platform,
  kind: AccountKind,
  options: z.record(z.string(), z.unknown()),
});

export const GetAccountOptions = defineRpc({
  service: "token",
  verb: "account-options",
  request: z.object({ ...TenantScoped, accountId: z.string().min(1) }),
  response: AccountOptionsView,
  defaultTimeoutMs: 35_000,
});

/** Platform webhooks name a platform account, not a tenant: find whose it is. */
export const FindAccountOwner = defineRpc({
  service: "token",
  verb: "find-account-owner",
  request: z.union([
    z.object({ platform: Platform, externalAccountId: z.string().min(1) }),
    /** Mailchimp webhooks carry a per-connection secret in their URL instead */
    z.object({ platform: z.literal("mailchimp"), webhookSecret: z.string().min(1) }),
  ]),
  response: z.object({
    matches: z.array(
      z.object({ tenantId: z.string(), connectionId: z.string(), accountId: z.string().nullable() }),
    ),
  }),
});

/** A caller (publish-service, health-service) saw the platform refuse the grant: the connection needs re-authorization. */
export const ReportAuthFailure = defineRpc({
  service: "token",
  verb: "report-auth-failure",
  request: z.object({
    ...TenantScoped,
    connectionId: z.string().min(1),
    kind: z.enum(["auth_revoked", "auth_expired"]),
    detail: z.string(),
  }),
  response: ConnectionView,
});

/** The vault's state for operators and health checks: canary, key versions, rows per version. */
export const VaultStatus = defineRpc({
  service: "token",
  verb: "vault-status",
  request: z.object({}).default({}),
  response: z.object({
    canary: z.enum(["ok", "failed"]),
    masterKeyVersion: z.number().int(),
    dataKeysByMasterKeyVersion: z.record(z.string(), z.number().int()),
    secretsByDataKeyVersion: z.record(z.string(), z.number().int()),
  }),
});

export const VaultRotateMasterKey = defineRpc({
  service: "token",
  verb: "vault-rotate-master-key",
  request: z.object({ batchSize: z.number().int().positive().max(10_000).default(500) }),
  response: z.object({
    rewrapped: z.number().int(),
    remaining: z.number().int(),
    masterKeyVersion: z.number().int(),
  }),
  defaultTimeoutMs: 120_000,
});

export const VaultRewrapSecrets = defineRpc({
  service: "token",
  verb: "vault-rewrap-secrets",
  request: z.object({
    tenantId: z.string().optional(),
    batchSize: z.number().int().positive().max(10_000).default(500),
  }),
  response: z.object({ rewrapped: z.number().int(), remaining: z.number().int() }),
  defaultTimeoutMs: 120_000,
});

/**
 * Data-key rotation: a new data-key version for one tenant (or every tenant with keys); new writes use it. Follow
 * with `vault-rewrap-secrets` (after the key cache TTL) to move the stored secrets onto it.
 */
export const VaultRotateDataKeys = defineRpc({
  service: "token",
  verb: "vault-rotate-data-keys",
  request: z.object({ tenantId: z.string().optional() }),
  response: z.object({
    rotated: z.number().int(),
    /** tenant id → its new data-key version */
    versions: z.record(z.string(), z.number().int()),
  }),
  defaultTimeoutMs: 120_000,
});
