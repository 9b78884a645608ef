import { AppError } from "@postd/service-kit";
import type { EndpointRow } from "../db/schema";

/** A test ping or a replay needs an enabled endpoint: CONFLICT saying how to enable it otherwise. */
export function assertEnabled(endpoint: EndpointRow): void {
  if (endpoint.enabled) return;
  throw new AppError(
    "CONFLICT",
    `webhook endpoint ${endpoint.id} is disabled (${endpoint.disabledReason ?? "no reason given"}); ` +
      "enable it with PATCH { enabled: true } first",
  );
}
