/** The demo stopped because the system did not answer as expected; the message says what to do. */
export class DemoError extends Error {
  override readonly name = "DemoError";
}

export interface Answer<T> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export interface CallOptions {
  readonly method?: string;
  /** a bearer token: a tenant's API key or the admin key */
  readonly key?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** follow redirects (a browser would); default no, so each hop can be shown */
  readonly follow?: boolean;
}

/** One HTTP call with a JSON body in and (when there is one) out; never throws for a status. */
export async function call<T = unknown>(url: string, options: CallOptions = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? "GET",
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      redirect: options.follow ? "follow" : "manual",
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new DemoError(`${options.method ?? "GET"} ${url} did not answer (${describe(error)})`, {
      cause: error,
    });
  }
  const text = await response.text();
  const isJson = (response.headers.get("content-type") ?? "").includes("json");
  const body = (isJson && text ? JSON.parse(text) : text) as T;
  return { status: response.status, body, headers: response.headers };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown } | undefined;
  return typeof cause?.code === "string" ? cause.code : error.message;
}

/** The body of an answer with the expected status; otherwise a DemoError naming what answered what. */
export async function expectStatus<T>(what: string, answer: Promise<Answer<T>>, status: number): Promise<T> {
  const { status: actual, body } = await answer;
  if (actual === status) return body;
  const problem = body as { title?: string; detail?: string } | string;
  const detail =
    typeof problem === "string" ? problem.slice(0, 200) : (problem.detail ?? problem.title ?? "");
  throw new DemoError(`${what} answered ${actual} (expected ${status})${detail ? `: ${detail}` : ""}`);
}
