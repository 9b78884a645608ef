import { eq } from "drizzle-orm";
import type { GatewayContext } from "../context";
import { tenants } from "../db/schema";

export async function findTenant(
  ctx: GatewayContext,
  tenantId: string,
): Promise<{ id: string; name: string } | null> {
  const [tenant] = await ctx.db
    .select({ id: tenants.id, name: tenants.name })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  return tenant ?? null;
}
