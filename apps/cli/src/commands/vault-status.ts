import { VaultStatus } from "@postd/contracts";
import type { Command } from "../command";
import { callService } from "../service-rpc";

export const vaultStatus: Command = {
  name: "vault:status",
  args: "",
  summary: "The vault's canary, master key version, and rows per key version (token-service over NATS)",
  arity: { min: 0, max: 0 },
  async run({ config }, output) {
    output.out(JSON.stringify(await callService(config, VaultStatus, {})));
  },
};
