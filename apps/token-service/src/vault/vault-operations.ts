import type {
  RpcResponse,
  VaultRewrapSecrets,
  VaultRotateDataKeys,
  VaultRotateMasterKey,
  VaultStatus,
} from "@postd/contracts";
import { createDrizzleCanaryStore, verifyCanary } from "@postd/vault";
import { and, count, eq, lt, sql } from "drizzle-orm";
import type { TokenContext } from "../context";
import { secrets, vaultCanary, vaultDataKeys } from "../db/schema";
import type { TokenVault } from "./open-token-vault";
import { createSecretsValueSource } from "./secrets-value-source";

type VaultContext = Pick<TokenContext, "db" | "logger"> & { tokenVault: TokenVault };

/** `svc.token.vault-status`: canary, master-key version, data keys per master key, secrets per data-key version. */
export async function vaultStatus(ctx: VaultContext): Promise<RpcResponse<typeof VaultStatus>> {
  const { vault, keyProvider } = ctx.tokenVault;
  const canary = await createDrizzleCanaryStore(ctx.db, { vaultDataKeys, vaultCanary }).readCanary();
  const canaryOk =
    canary !== undefined &&
    (await verifyCanary({ keyProvider, canary }).then(
      () => true,
      () => false,
    ));
  const keys = await vault.countDataKeysByKekVersion();
  const values = (await createSecretsValueSource(ctx.db).countByVersion?.()) ?? [];
  return {
    canary: canaryOk ? "ok" : "failed",
    masterKeyVersion: await keyProvider.currentVersion(),
    dataKeysByMasterKeyVersion: Object.fromEntries(keys.map((k) => [String(k.kekVersion), k.count])),
    secretsByDataKeyVersion: Object.fromEntries(values.map((v) => [String(v.dataKeyVersion), v.count])),
  };
}

/** `svc.token.vault-rotate-master-key`: rewraps every data key under the current master key (resumable). */
export async function rotateMasterKey(
  ctx: VaultContext,
  input: { batchSize: number },
): Promise<RpcResponse<typeof VaultRotateMasterKey>> {
  const report = await ctx.tokenVault.vault.rewrapDataKeys({ batchSize: input.batchSize });
  ctx.logger.info(
    {
      toKekVersion: report.toKekVersion,
      rewrapped: report.rewrapped,
      failed: report.failed,
      remaining: report.remaining,
    },
    "master-key rewrap ran",
  );
  return { rewrapped: report.rewrapped, remaining: report.remaining, masterKeyVersion: report.toKekVersion };
}

/** `svc.token.vault-rotate-data-keys`: a new data-key version for one tenant or every tenant with keys. */
export async function rotateDataKeys(
  ctx: VaultContext,
  input: { tenantId?: string | undefined },
): Promise<RpcResponse<typeof VaultRotateDataKeys>> {
  const tenants = input.tenantId
    ? [input.tenantId]
    : (await ctx.db.selectDistinct({ tenantId: vaultDataKeys.tenantId }).from(vaultDataKeys)).map(
        (r) => r.tenantId,
      );
  const versions: Record<string, number> = {};
  for (const tenantId of tenants) versions[tenantId] = await ctx.tokenVault.vault.rotateDataKey({ tenantId });
  ctx.logger.info({ tenants: tenants.length }, "data keys rotated");
  return { rotated: tenants.length, versions };
}

/**
 * `svc.token.vault-rewrap-secrets`: re-encrypts every secret under an older data key than its tenant's current
 * one (compare-and-set per row, resumable). `remaining` counts what is still below the current versions.
 */
export async function rewrapSecrets(
  ctx: VaultContext,
  input: { tenantId?: string | undefined; batchSize: number },
): Promise<RpcResponse<typeof VaultRewrapSecrets>> {
  const source = createSecretsValueSource(ctx.db, input.tenantId ? { tenantId: input.tenantId } : {});
  const report = await ctx.tokenVault.vault.rewrapValues({ source, batchSize: input.batchSize });
  const remaining = await countBelowCurrent(ctx, input.tenantId);
  ctx.logger.info(
    { rewrapped: report.rewrapped, conflicts: report.conflicts, failed: report.failed, remaining },
    "secret rewrap ran",
  );
  return { rewrapped: report.rewrapped, remaining };
}

async function countBelowCurrent(ctx: VaultContext, tenantId: string | undefined): Promise<number> {
  const current = ctx.db
    .select({
      tenantId: vaultDataKeys.tenantId,
      version: sql<number>`max(${vaultDataKeys.version})`.as("version"),
    })
    .from(vaultDataKeys)
    .groupBy(vaultDataKeys.tenantId)
    .as("current");
  const [row] = await ctx.db
    .select({ count: count() })
    .from(secrets)
    .innerJoin(current, eq(current.tenantId, sql`${secrets.tenantId} collate "C"`))
    .where(
      and(lt(secrets.dekVersion, current.version), tenantId ? eq(secrets.tenantId, tenantId) : undefined),
    );
  return row?.count ?? 0;
}
