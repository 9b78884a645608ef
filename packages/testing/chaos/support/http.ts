/** One answer as a client saw it: status (0 when no answer came), body, content type, how long it took. */
export interface Answer<T = unknown> {
  status: number;
  body: T;
  contentType: string;
  ms: number;
  /** why no answer came (timeout, refused connection) when status is 0 */
  error?: string;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** A JSON request that never throws: network failures and timeouts come back as status 0. */
export async function requestJson<T = unknown>(
  method: string,
  url: string,
  options: RequestOptions = {},
): Promise<Answer<T>> {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method,
      headers: {
        ...(options.body === undefined ? {} : { "content-type": "application/json" }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      redirect: "manual",
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return {
      status: response.status,
      body: body as T,
      contentType: response.headers.get("content-type") ?? "",
      ms: performance.now() - started,
    };
  } catch (error) {
    return {
      status: 0,
      body: undefined as T,
      contentType: "",
      ms: performance.now() - started,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    };
  }
}

/** Like requestJson, but a non-2xx answer is an error (for set-up steps that must work). */
export async function expectOk<T = unknown>(
  method: string,
  url: string,
  options: RequestOptions = {},
): Promise<T> {
  const answer = await requestJson<T>(method, url, options);
  if (answer.status < 200 || answer.status > 299) {
    throw new Error(
      `${method} ${url} answered ${answer.status} ${answer.error ?? JSON.stringify(answer.body)}`,
    );
  }
  return answer.body;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
