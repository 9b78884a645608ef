import type { HttpServer } from "@postd/service-kit";
import { z } from "zod";

export function registerHealthRoutes(app: HttpServer): void {
  app.get(
    "/api/health/live",
    {
      config: { auth: "public" },
      schema: {
        tags: ["health"],
        summary: "200 while the gateway process runs",
        response: { 200: z.object({ status: z.literal("ok") }) },
      },
    },
    async () => ({ status: "ok" as const }),
  );
}
