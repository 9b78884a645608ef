import { createDatabase, runMigrations } from "@postd/service-kit";
import type { Logger } from "@postd/telemetry";
import { isVaultError } from "@postd/vault";
import type { Config } from "../config";
import { tables } from "../db/schema";
import { openTokenVault } from "./open-token-vault";

/**
 * The start-up gate: before any port or subject is opened, migrate and check the configured master key against
 * the stored canary and data keys. A wrong (or missing) key while encrypted rows exist logs one fatal line and
 * throws, so main exits non-zero without ever serving.
 */
export async function checkVaultBeforeServing(input: {
  config: Config;
  logger: Logger;
  migrationsFolder: string;
}): Promise<void> {
  const { config, logger } = input;
  await runMigrations({
    url: config.DATABASE_URL,
    schema: "token",
    migrationsFolder: input.migrationsFolder,
    logger,
  });
  const database = createDatabase({ url: config.DATABASE_URL, schema: "token", tables, logger, max: 1 });
  try {
    const { masterKey } = await openTokenVault({ db: database.db, config });
    logger.info(
      { canary: masterKey.canary, masterKeyVersion: masterKey.kekVersion },
      "vault master key verified",
    );
  } catch (error) {
    const code = isVaultError(error) ? error.code : "unknown";
    logger.fatal(
      { err: error, code },
      "vault refused the configured master key (TOKEN_VAULT_MASTER_SECRET / TOKEN_VAULT_MASTER_SECRETS): not serving",
    );
    throw error;
  } finally {
    await database.close({ timeoutSeconds: 1 });
  }
}
