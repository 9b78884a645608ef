import { envValue, type ParsedEnv } from "@postd/service-kit";
import { createLocalKeyProvider, type KeyProvider, MIN_MASTER_SECRET_BYTES } from "@postd/vault";

export interface MasterSecretEntry {
  version: number;
  secret: string;
}

/**
 * `TOKEN_VAULT_MASTER_SECRETS`: `version:secret` pairs separated by commas (`1:<old>,3:<other>`), each secret at
 * least 32 bytes. Never echoed in errors.
 */
export function envMasterSecrets() {
  return envValue(
    (raw): ParsedEnv<MasterSecretEntry[]> => {
      const entries: MasterSecretEntry[] = [];
      for (const item of raw.split(",").map((part) => part.trim())) {
        if (item === "") continue;
        const match = /^(\d{1,7}):(.+)$/.exec(item);
        const version = match ? Number(match[1]) : 0;
        const secret = match?.[2] ?? "";
        if (version < 1) return { ok: false, expected: "version:secret pairs with versions from 1" };
        if (Buffer.byteLength(secret, "utf8") < MIN_MASTER_SECRET_BYTES) {
          return {
            ok: false,
            expected: `secrets of at least ${MIN_MASTER_SECRET_BYTES} bytes (version ${version})`,
          };
        }
        if (entries.some((entry) => entry.version === version)) {
          return { ok: false, expected: `each version once (version ${version} repeats)` };
        }
        entries.push({ version, secret });
      }
      return { ok: true, value: entries };
    },
    { fallback: () => [], echo: "never" },
  );
}

export interface MasterKeyConfig {
  TOKEN_VAULT_MASTER_SECRET: string;
  TOKEN_VAULT_CURRENT_VERSION: number;
  TOKEN_VAULT_MASTER_SECRETS: readonly MasterSecretEntry[];
}

/** The local key provider: the current secret under its version, plus the other versions still readable. */
export function keyProviderFromConfig(config: MasterKeyConfig): KeyProvider {
  const secrets: Record<number, string> = {
    [config.TOKEN_VAULT_CURRENT_VERSION]: config.TOKEN_VAULT_MASTER_SECRET,
  };
  for (const entry of config.TOKEN_VAULT_MASTER_SECRETS) secrets[entry.version] = entry.secret;
  return createLocalKeyProvider({ secrets, currentVersion: config.TOKEN_VAULT_CURRENT_VERSION });
}
