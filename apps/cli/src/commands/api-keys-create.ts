import { callAdminApi } from "../admin-api";
import type { Command } from "../command";

export const apiKeysCreate: Command = {
  name: "api-keys:create",
  args: "<tenantId>",
  summary: 'Create another API key for a tenant (to rotate); prints {"keyId","apiKey"}',
  arity: { min: 1, max: 1 },
  async run({ args, config }, output) {
    const tenantId = encodeURIComponent(args[0] ?? "");
    const created = await callAdminApi<{ keyId: string; apiKey: string }>(config, {
      method: "POST",
      path: `/api/admin/tenants/${tenantId}/api-keys`,
    });
    output.out(JSON.stringify({ keyId: created.keyId, apiKey: created.apiKey }));
  },
};
