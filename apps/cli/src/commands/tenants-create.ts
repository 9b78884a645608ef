import { callAdminApi } from "../admin-api";
import type { Command } from "../command";

export const tenantsCreate: Command = {
  name: "tenants:create",
  args: "<name>",
  summary: 'Create a tenant and its first API key; prints {"tenantId","apiKey"} (the key is shown only once)',
  arity: { min: 1, max: 1 },
  async run({ args, config }, output) {
    const created = await callAdminApi<{ tenantId: string; apiKey: string }>(config, {
      method: "POST",
      path: "/api/admin/tenants",
      body: { name: args[0] },
    });
    output.out(JSON.stringify({ tenantId: created.tenantId, apiKey: created.apiKey }));
  },
};
