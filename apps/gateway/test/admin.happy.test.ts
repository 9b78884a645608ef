import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminApiKey, bearer, type GatewayHarness, startGatewayHarness } from "./support/gateway-harness";

let harness: GatewayHarness;

beforeAll(async () => {
  harness = await startGatewayHarness();
});

afterAll(async () => {
  await harness?.stop();
});

const admin = bearer(adminApiKey);

describe("tenants", () => {
  it("creates a tenant with its first key, shown once, and audits it without the key", async () => {
    const response = await harness.app.inject({
      method: "POST",
      url: "/api/admin/tenants",
      headers: admin,
      payload: { name: "  Bakery Ltd  " },
    });
    expect(response.statusCode).toBe(201);
    const created = response.json<{ tenantId: string; apiKey: string; keyId: string }>();
    expect(created.tenantId).toMatch(/^ten_[0-9a-z]{26}$/);
    expect(created.keyId).toMatch(/^key_[0-9a-z]{26}$/);
    const sql = harness.gateway.runtime.database.sql;
    const [tenant] = await sql<
      { name: string }[]
    >`select name from gateway.tenants where id = ${created.tenantId}`;
    expect(tenant?.name).toBe("Bakery Ltd");
    const audit =
      await sql`select actor, action, target, details from gateway.audit_log where tenant_id = ${created.tenantId}`;
    expect(audit).toEqual([
      expect.objectContaining({ actor: "admin", action: "tenant.created", target: created.tenantId }),
    ]);
    expect(JSON.stringify(audit)).not.toContain(created.apiKey.slice(15));
  });

  it("answers 404 for a key of a tenant that does not exist", async () => {
    const response = await harness.app.inject({
      method: "POST",
      url: "/api/admin/tenants/ten_00000000000000000000000000/api-keys",
      headers: admin,
    });
    expect(response.statusCode).toBe(404);
  });

  it("revoking twice is harmless", async () => {
    const { tenantId, keyId } = await harness.createTenant();
    const url = `/api/admin/tenants/${tenantId}/api-keys/${keyId}`;
    expect((await harness.app.inject({ method: "DELETE", url, headers: admin })).statusCode).toBe(204);
    expect((await harness.app.inject({ method: "DELETE", url, headers: admin })).statusCode).toBe(204);
  });
});

describe("flags", () => {
  it("lists the integration flags created at first start", async () => {
    const response = await harness.app.inject({ method: "GET", url: "/api/admin/flags", headers: admin });
    expect(response.statusCode).toBe(200);
    const { data } = response.json<{
      data: Array<{ name: string; enabled: boolean; rolloutPercentage: number }>;
    }>();
    for (const platform of ["meta", "linkedin", "tiktok", "gbp", "mailchimp"]) {
      expect(data).toContainEqual(
        expect.objectContaining({ name: `integration_${platform}`, enabled: true, rolloutPercentage: 100 }),
      );
    }
  });

  it("sets a flag and answers it, as the list then shows it", async () => {
    const value = { enabled: true, rolloutPercentage: 30, tenants: { allow: ["ten_a"], deny: ["ten_b"] } };
    const put = await harness.app.inject({
      method: "PUT",
      url: "/api/admin/flags/new_editor",
      headers: admin,
      payload: value,
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ name: "new_editor", ...value, revision: expect.any(Number) });
    const list = await harness.app.inject({ method: "GET", url: "/api/admin/flags", headers: admin });
    expect(list.json<{ data: unknown[] }>().data).toContainEqual(
      expect.objectContaining({ name: "new_editor", ...value }),
    );
  });

  it("refuses a malformed flag name with 400", async () => {
    const response = await harness.app.inject({
      method: "PUT",
      url: "/api/admin/flags/Bad.Name",
      headers: admin,
      payload: { enabled: true, rolloutPercentage: 1, tenants: { allow: [], deny: [] } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: "VALIDATION",
      errors: [expect.objectContaining({ path: "params.name" })],
    });
  });
});
