import type { DemoContext } from "./demo-context";
import { expectStatus } from "./demo-http";

interface NewTenant {
  tenantId: string;
  apiKey: string;
}

/** ① A tenant (one customer of the product) and its first API key, through the admin API. */
export async function createTenantStep(context: DemoContext): Promise<void> {
  const { narrator, target } = context;
  narrator.step("A tenant: one customer of your product");
  narrator.say(
    "Everything in POSTD belongs to a tenant. The admin API makes one and hands out its first API key, shown " +
      "once — the gateway keeps only its hash.",
  );
  const name = `Demo Bakery ${new Date().toLocaleTimeString("en-GB")}`;
  narrator.request(`POST /api/admin/tenants {"name":"${name}"}   (with the admin key from .env)`);
  const tenant = await expectStatus(
    "POST /api/admin/tenants",
    context.api<NewTenant>("/api/admin/tenants", {
      method: "POST",
      key: target.adminKey,
      body: { name },
    }),
    201,
  );
  context.tenant = { tenantId: tenant.tenantId, apiKey: tenant.apiKey };
  narrator.done(`tenant ${tenant.tenantId}, API key ${tenant.apiKey}`);
  narrator.detail("every call from here on sends  Authorization: Bearer <that key>");
}
