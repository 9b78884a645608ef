import type { CliConfig } from "./cli-config";
import { CliError } from "./cli-error";

export interface AdminRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** `/api/admin/tenants` */
  path: string;
  body?: unknown;
}

/**
 * Calls the gateway's admin API with ADMIN_API_KEY. A problem+json answer becomes a CliError carrying its
 * `detail` (and every field problem); an unreachable gateway says where it looked.
 */
export async function callAdminApi<T>(config: CliConfig, request: AdminRequest): Promise<T> {
  if (!config.ADMIN_API_KEY) throw new CliError("ADMIN_API_KEY is not set: export the gateway's admin key");
  const url = new URL(request.path, config.POSTD_API_URL);
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method,
      headers: {
        authorization: `Bearer ${config.ADMIN_API_KEY}`,
        ...(request.body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new CliError(
      `cannot reach the gateway at ${config.POSTD_API_URL} (POSTD_API_URL): ${reason(error)}`,
      {
        cause: error,
      },
    );
  }
  const text = await response.text();
  if (!response.ok) throw new CliError(describeProblem(response.status, text));
  return (text ? JSON.parse(text) : undefined) as T;
}

function describeProblem(status: number, text: string): string {
  try {
    const problem = JSON.parse(text) as {
      detail?: unknown;
      errors?: Array<{ path?: unknown; message?: unknown }>;
    };
    const detail = typeof problem.detail === "string" ? problem.detail : text;
    const fields = (problem.errors ?? []).map((e) => `\n  ${String(e.path)}: ${String(e.message)}`).join("");
    return `the gateway answered ${status}: ${detail}${fields}`;
  } catch {
    return `the gateway answered ${status}: ${text.slice(0, 500)}`;
  }
}

function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}
