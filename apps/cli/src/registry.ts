import type { Command } from "./command";
import { apiKeysCreate } from "./commands/api-keys-create";
import { apiKeysRevoke } from "./commands/api-keys-revoke";
import { dbHealth } from "./commands/db-health";
import { dbMigrate } from "./commands/db-migrate";
import { deadLettersList } from "./commands/dead-letters-list";
import { deadLettersReplay } from "./commands/dead-letters-replay";
import { flagsGet } from "./commands/flags-get";
import { flagsSet } from "./commands/flags-set";
import { health } from "./commands/health";
import { tenantsCreate } from "./commands/tenants-create";
import { vaultRewrap } from "./commands/vault-rewrap";
import { vaultRotateMasterKey } from "./commands/vault-rotate-master-key";
import { vaultStatus } from "./commands/vault-status";

/** Every command, in the order `--help` lists them. A new command: one file in commands/, one line here. */
export const commands: readonly Command[] = [
  tenantsCreate,
  apiKeysCreate,
  apiKeysRevoke,
  flagsGet,
  flagsSet,
  vaultStatus,
  vaultRotateMasterKey,
  vaultRewrap,
  health,
  dbMigrate,
  dbHealth,
  deadLettersList,
  deadLettersReplay,
];

export function findCommand(name: string): Command | undefined {
  return commands.find((command) => command.name === name);
}
