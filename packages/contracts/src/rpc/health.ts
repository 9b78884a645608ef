import { z } from "zod";
import { defineRpc } from "../rpc";
import { HealthSummary } from "./token";

/** `POST /api/connections/:id/health-check`: health-service checks one connection now. */
export const CheckConnectionHealth = defineRpc({
  service: "health",
  verb: "check-connection",
  request: z.object({ tenantId: z.string().min(1), connectionId: z.string().min(1) }),
  response: z.object({
    status: HealthSummary.shape.status,
    latencyMs: z.number().nonnegative(),
    /** what a person should know about the outcome; never a token */
    detail: z.string(),
    checkedAt: z.iso.datetime(),
  }),
  defaultTimeoutMs: 35_000,
});
