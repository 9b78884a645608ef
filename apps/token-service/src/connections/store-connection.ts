import { ConnectionConnected, type ConnectionView } from "@postd/contracts";
import { enqueueEvent } from "@postd/service-kit";
import type { TokenContext } from "../context";
import { outbox } from "../db/schema";
import { grantEndsSoon, plannedRefreshAt } from "../refresh/refresh-window";
import { encryptSecrets } from "../secrets/encrypt-secrets";
import { deleteAccountSecrets, upsertSecrets } from "../secrets/write-secrets";
import { toConnectionView } from "./connection-view";
import { planStore, type StoreInput, type StorePlan } from "./plan-store";
import { enqueueStatusChanged } from "./status-events";
import { AccountIdConflict, upsertAccounts } from "./upsert-accounts";
import { StorePlanStale, writeConnection } from "./write-connection";

const maxAttempts = 3;

/**
 * `svc.token.store`: encrypts and stores a completed grant. Reconnecting the same platform user updates the
 * existing connection (same id, version + 1, status active), keeps a stored refresh token the new grant does not
 * replace, upserts its accounts (missing ones marked removed) and emits `connection.connected.v1` — all in one
 * transaction; then plans the next refresh.
 */
export async function storeConnection(ctx: TokenContext, request: StoreInput): Promise<ConnectionView> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await storeOnce(ctx, request);
    } catch (error) {
      const raced =
        error instanceof StorePlanStale || error instanceof AccountIdConflict || isUniqueViolation(error);
      if (!raced || attempt >= maxAttempts) throw error;
      ctx.logger.info({ attempt }, "concurrent store of the same grant; planning again");
    }
  }
}

async function storeOnce(ctx: TokenContext, request: StoreInput): Promise<ConnectionView> {
  const plan = await planStore(ctx.db, request);
  const sealed = await encryptSecrets(ctx.vault, request.tenantId, plan.secrets);
  const now = new Date();
  const { row, accounts, previous } = await ctx.db.transaction(async (tx) => {
    const write = writeFor(ctx, request, plan, now);
    const { row, previous } = await writeConnection(tx, { request, plan, write });
    const accounts = await upsertAccounts(tx, {
      tenantId: request.tenantId,
      connectionId: row.id,
      accounts: request.accounts,
      plannedIds: plan.accountIds,
    });
    await deleteAccountSecrets(tx, {
      tenantId: request.tenantId,
      connectionId: row.id,
      accountIds: plan.accountsWithoutToken,
    });
    await upsertSecrets(tx, request.tenantId, sealed);
    await enqueueEvent(tx, outbox, {
      event: ConnectionConnected,
      tenantId: request.tenantId,
      data: {
        connectionId: row.id,
        platform: row.platform,
        accountIds: accounts.map((a) => a.id),
        reconnected: previous !== null,
      },
    });
    if (previous) {
      await enqueueStatusChanged(tx, {
        tenantId: row.tenantId,
        connectionId: row.id,
        platform: row.platform,
        from: previous.status,
        to: row.status,
        reason: "reconnected",
      });
    }
    return { row, accounts, previous };
  });
  ctx.logger.info(
    {
      connectionId: row.id,
      platform: row.platform,
      version: row.version,
      reconnected: previous !== null,
      accounts: accounts.length,
    },
    "connection stored",
  );
  await ctx.scheduler.schedule(row);
  if (previous) await ctx.scheduler.unschedule(row.id, previous.version);
  return toConnectionView(row, accounts);
}

function writeFor(ctx: TokenContext, request: StoreInput, plan: StorePlan, now: Date) {
  const expiresAt = request.tokens.expiresAt ? new Date(request.tokens.expiresAt) : null;
  const refreshTokenExpiresAt = request.tokens.refreshToken
    ? request.tokens.refreshTokenExpiresAt
      ? new Date(request.tokens.refreshTokenExpiresAt)
      : null
    : (plan.existing?.refreshTokenExpiresAt ?? null);
  const timing = { platform: request.platform, expiresAt, tokenUpdatedAt: now };
  return {
    status: grantEndsSoon(ctx.settings, refreshTokenExpiresAt, now.getTime())
      ? ("expiring" as const)
      : ("active" as const),
    expiresAt,
    refreshTokenExpiresAt,
    nextRefreshAt: plannedRefreshAt(ctx.settings, timing, { now: now.getTime() }),
    now,
  };
}

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ((e as { code?: unknown }).code === "23505") return true;
  }
  return false;
}
