import { z } from "zod";
import { ConnectionStatus, ConnectorErrorKind, Platform } from "../domain";
import { defineEvent } from "../event";

export const ConnectionConnected = defineEvent(
  "connection.connected.v1",
  z.object({
    connectionId: z.string(),
    platform: Platform,
    accountIds: z.array(z.string()),
    /** true when an existing connection was re-authorized rather than created */
    reconnected: z.boolean(),
  }),
);

export const ConnectionStatusChanged = defineEvent(
  "connection.status_changed.v1",
  z.object({
    connectionId: z.string(),
    platform: Platform,
    from: ConnectionStatus,
    to: ConnectionStatus,
    reason: z.string().nullable(),
  }),
);

export const ConnectionTokenRefreshed = defineEvent(
  "connection.token_refreshed.v1",
  z.object({
    connectionId: z.string(),
    platform: Platform,
    expiresAt: z.iso.datetime().nullable(),
  }),
);

export const HealthOutcome = z.enum(["healthy", "unhealthy", "error"]);
export type HealthOutcome = z.infer<typeof HealthOutcome>;

export const ConnectionHealthChecked = defineEvent(
  "connection.health_checked.v1",
  z.object({
    connectionId: z.string(),
    platform: Platform,
    outcome: HealthOutcome,
    errorKind: ConnectorErrorKind.nullable(),
    detail: z.string().nullable(),
    latencyMs: z.number().nonnegative(),
    checkedAt: z.iso.datetime(),
  }),
);

export const RevocationReason = z.enum(["tenant_disconnected", "platform_authorization_removed"]);

export const ConnectionRevoked = defineEvent(
  "connection.revoked.v1",
  z.object({
    connectionId: z.string(),
    platform: Platform,
    accountIds: z.array(z.string()),
    reason: RevocationReason,
  }),
);
