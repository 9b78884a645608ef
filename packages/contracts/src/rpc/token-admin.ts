import { z } from "zod";
import { ConnectionStatus, Platform } from "../domain";
import { defineRpc } from "../rpc";

export const ConnectionListing = z.object({
  tenantId: z.string(),
  connectionId: z.string(),
  platform: Platform,
  status: ConnectionStatus,
  /** the access token's expiry; null when it does not expire */
  expiresAt: z.iso.datetime().nullable(),
});
export type ConnectionListing = z.infer<typeof ConnectionListing>;

/**
 * Every connection of every tenant, paged by connection id (never a token). For health-service's reconciler:
 * connections it never heard of (it started after the events left the stream's retention) get schedules too.
 * Not reachable from the gateway; only system services may ask (infra/nats permissions).
 */
export const ListAllConnections = defineRpc({
  service: "token",
  verb: "list-all-connections",
  request: z.object({
    /** the last connection id of the previous page; absent for the first page */
    after: z.string().optional(),
    limit: z.number().int().min(1).max(1_000).default(500),
  }),
  response: z.object({
    data: z.array(ConnectionListing),
    /** pass as `after` for the next page; null on the last page */
    next: z.string().nullable(),
  }),
  defaultTimeoutMs: 10_000,
});
