/** What a JSON call answered: status, headers and the parsed body (text when it is not JSON). */
export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface CallOptions {
  method?: string;
  /** a tenant API key or the admin key; none sends no Authorization header */
  key?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One HTTP call with a JSON body (if any), answered whole. Never follows redirects. */
export async function call<T = unknown>(url: string, options: CallOptions = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  if (options.body !== undefined) headers["content-type"] ??= "application/json";
  const response = await fetch(url, {
    method: options.method ?? (options.body === undefined ? "GET" : "POST"),
    headers,
    redirect: "manual",
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  let body: unknown = text;
  if (text && response.headers.get("content-type")?.includes("json")) body = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: body as T, text };
}

/** The answer's body when its status is the expected one; otherwise an error that shows what came back. */
export async function expectStatus<T>(answer: Promise<Answer<T>>, status: number): Promise<T> {
  const settled = await answer;
  if (settled.status !== status) {
    throw new Error(`expected ${status}, got ${settled.status}: ${settled.text.slice(0, 2000)}`);
  }
  return settled.body;
}
