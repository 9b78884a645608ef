import { type CreateWebhookEndpoint, newId, type RpcRequest, type RpcResponse } from "@postd/contracts";
import { AppError } from "@postd/service-kit";
import { and, count, eq, isNull } from "drizzle-orm";
import type { WebhookContext } from "../context";
import { endpoints } from "../db/schema";
import { createSigningSecret } from "../signing/sign-delivery";
import { acceptableEndpointUrl, uniqueEvents } from "./endpoint-url";
import { endpointView } from "./endpoint-view";

type CreateInput = RpcRequest<typeof CreateWebhookEndpoint>;
type CreateOutput = RpcResponse<typeof CreateWebhookEndpoint>;

/**
 * Registers an endpoint: the URL must pass the outbound guard (https, public addresses) now; the signing secret is
 * made here, stored only encrypted, and answered this once.
 */
export async function createEndpoint(ctx: WebhookContext, input: CreateInput): Promise<CreateOutput> {
  const url = await acceptableEndpointUrl(ctx, input.url);
  const [existing] = await ctx.db
    .select({ count: count() })
    .from(endpoints)
    .where(and(eq(endpoints.tenantId, input.tenantId), isNull(endpoints.deletedAt)));
  if ((existing?.count ?? 0) >= ctx.settings.maxEndpointsPerTenant) {
    throw new AppError(
      "CONFLICT",
      `a tenant may have ${ctx.settings.maxEndpointsPerTenant} webhook endpoints; delete one first`,
    );
  }
  const id = newId("webhookEndpoint");
  const secret = createSigningSecret();
  const [row] = await ctx.db
    .insert(endpoints)
    .values({
      id,
      tenantId: input.tenantId,
      url,
      events: uniqueEvents(input.events ?? []),
      description: input.description ?? null,
      secretCiphertext: await ctx.secrets.seal({ tenantId: input.tenantId, endpointId: id, secret }),
    })
    .returning();
  if (!row) throw new Error("the endpoint insert returned no row");
  ctx.logger.info(
    { endpointId: id, tenantId: input.tenantId, host: new URL(url).host },
    "webhook endpoint created",
  );
  return { ...endpointView(row, ctx.now()), secret };
}
