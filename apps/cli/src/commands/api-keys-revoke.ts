import { callAdminApi } from "../admin-api";
import type { Command } from "../command";

export const apiKeysRevoke: Command = {
  name: "api-keys:revoke",
  args: "<tenantId> <keyId>",
  summary: "Revoke an API key: refused from the next request on",
  arity: { min: 2, max: 2 },
  async run({ args, config }, output) {
    const [tenantId = "", keyId = ""] = args;
    await callAdminApi(config, {
      method: "DELETE",
      path: `/api/admin/tenants/${encodeURIComponent(tenantId)}/api-keys/${encodeURIComponent(keyId)}`,
    });
    output.out(JSON.stringify({ keyId, revoked: true }));
  },
};
