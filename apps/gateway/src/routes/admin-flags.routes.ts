import { FlagName, FlagValue } from "@postd/flags";
import { AppError, type HttpServer } from "@postd/service-kit";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { FlagView, type GatewayFlags, toFlagView } from "../flags/gateway-flags";
import type { RouteDeps } from "./route-deps";

const tags = ["admin"];
const admin = { auth: "admin" as const };
const FlagParams = z.object({ name: FlagName.describe("e.g. integration_tiktok") });

/** Feature flags (NATS KV through @postd/flags): list and set. */
export function registerAdminFlagRoutes(app: HttpServer, deps: RouteDeps): void {
  const flagsOrUnavailable = (): GatewayFlags => {
    if (!deps.flags) throw new AppError("UNAVAILABLE", "feature flags are not available in this gateway");
    return deps.flags;
  };

  app.get(
    "/api/admin/flags",
    {
      config: admin,
      schema: { tags, summary: "Every flag", response: { 200: z.object({ data: z.array(FlagView) }) } },
    },
    async () => {
      const flags = await flagsOrUnavailable().list();
      return { data: flags.map(toFlagView).sort((a, b) => a.name.localeCompare(b.name)) };
    },
  );

  app.put(
    "/api/admin/flags/:name",
    {
      config: admin,
      schema: {
        tags,
        summary: "Create or replace a flag",
        description:
          "Evaluation for a tenant: deny list → off; allow list → on; enabled false → off; else on when a stable " +
          "hash of flag and tenant, mod 100, is below rolloutPercentage.",
        params: FlagParams,
        body: FlagValue,
        response: { 200: FlagView },
      },
    },
    async (request) => {
      const { name } = request.params;
      const saved = await flagsOrUnavailable().set(name, request.body);
      await recordAudit(deps.ctx, {
        tenantId: null,
        actor: "admin",
        action: "flag.set",
        target: name,
        details: { ...request.body },
      });
      request.log.info({ flag: name }, "flag set");
      return toFlagView(saved);
    },
  );
}
