import type { z } from "zod";
import { ConnectorError, type HttpResponse } from "../core/index";

/**
 * Parses a 2xx body. One that lacks the documented shape is a platform fault: `transient` for reads, and
 * `unknown_outcome` after a write that may have taken effect (`sideEffect`).
 */
export function parseBody<T>(
  schema: z.ZodType<T>,
  response: HttpResponse,
  options: { operation: string; sideEffect?: boolean },
): T {
  const parsed = schema.safeParse(response.json);
  if (parsed.success) return parsed.data;
  throw new ConnectorError({
    kind: options.sideEffect ? "unknown_outcome" : "transient",
    platform: "mailchimp",
    platformCode: "malformed_response",
    message: `${options.operation}: Mailchimp answered ${response.status} with an unexpected body`,
    httpStatus: response.status,
    cause: parsed.error,
  });
}
