import { VaultRotateMasterKey } from "@postd/contracts";
import type { Command } from "../command";
import { callService } from "../service-rpc";
import { batchSizeOption, parseBatchSize } from "./batch-size";

export const vaultRotateMasterKey: Command = {
  name: "vault:rotate-master-key",
  args: "",
  summary: "Rewrap the tenants' data keys under the current master key version (run after adding a new one)",
  arity: { min: 0, max: 0 },
  options: [batchSizeOption],
  async run({ config, options }, output) {
    const result = await callService(config, VaultRotateMasterKey, { batchSize: parseBatchSize(options) });
    output.out(JSON.stringify(result));
  },
};
