import { VaultRewrapSecrets } from "@postd/contracts";
import type { Command } from "../command";
import { callService } from "../service-rpc";
import { batchSizeOption, parseBatchSize } from "./batch-size";

export const vaultRewrap: Command = {
  name: "vault:rewrap",
  args: "",
  summary:
    "Re-encrypt stored secrets under each tenant's newest data key (resumable; run until remaining is 0)",
  arity: { min: 0, max: 0 },
  options: [
    batchSizeOption,
    { name: "tenant", value: "<tenantId>", description: "only this tenant's secrets" },
  ],
  async run({ config, options }, output) {
    const result = await callService(config, VaultRewrapSecrets, {
      batchSize: parseBatchSize(options),
      ...(options.tenant === undefined ? {} : { tenantId: options.tenant }),
    });
    output.out(JSON.stringify(result));
  },
};
