import type { CliConfig } from "../cli-config";
import { CliError } from "../cli-error";

export interface GatewayAnswer {
  status: number;
  body: unknown;
}

/**
 * One request to the gateway with a bearer key; answers whatever status came back (callers decide what is an
 * error). An unreachable gateway is a CliError naming POSTD_API_URL.
 */
export async function requestGateway(
  config: CliConfig,
  request: { method: "GET" | "POST"; path: string; key: string; timeoutMs?: number },
): Promise<GatewayAnswer> {
  let response: Response;
  try {
    response = await fetch(new URL(request.path, config.POSTD_API_URL), {
      method: request.method,
      headers: { authorization: `Bearer ${request.key}` },
      signal: AbortSignal.timeout(request.timeoutMs ?? 30_000),
    });
  } catch (error) {
    throw new CliError(`cannot reach the gateway at ${config.POSTD_API_URL} (POSTD_API_URL)`, {
      cause: error,
    });
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text for the message
  }
  return { status: response.status, body };
}

/** The tenant key the tenant commands need. */
export function tenantKey(config: CliConfig): string {
  if (!config.POSTD_API_KEY) throw new CliError("POSTD_API_KEY is not set: export a tenant's API key");
  return config.POSTD_API_KEY;
}

/** A problem+json answer as one line: `the gateway answered 404: dead letter … was not found`. */
export function problemLine(answer: GatewayAnswer): string {
  const detail =
    typeof answer.body === "object" && answer.body !== null && "detail" in answer.body
      ? String((answer.body as { detail: unknown }).detail)
      : String(answer.body).slice(0, 500);
  return `the gateway answered ${answer.status}: ${detail}`;
}
