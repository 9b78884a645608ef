import type { CanaryStore } from "./canary-store";
import type { DataKeyRing } from "./data-key-ring";
import type { DataKeyStore } from "./data-key-store";
import type { KeyProvider } from "./key-provider";

/** What the vault's operations share: built once by `createVault`. */
export interface VaultContext {
  ring: DataKeyRing;
  store: DataKeyStore;
  provider: KeyProvider;
  canaryStore: CanaryStore | undefined;
  /** Lowest data-key version of the tenant still readable. */
  minimumVersion: (tenantId: string) => number;
}
