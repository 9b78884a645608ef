/** One gateway answer as the test saw it: what a client (or an attacker reading it) could read. */
export interface RecordedAnswer {
  label: string;
  status: number;
  headers: string;
  body: string;
}

export interface RecordingClient {
  call<T = unknown>(
    method: string,
    path: string,
    options?: { key?: string; body?: unknown; headers?: Record<string, string>; label?: string },
  ): Promise<{ status: number; body: T; text: string; headers: Headers }>;
  /** a URL the gateway itself sent the browser to (the OAuth callback) */
  visit(url: string, options?: { key?: string; label?: string }): Promise<Response>;
  readonly answers: readonly RecordedAnswer[];
}

/**
 * Calls the gateway over HTTP like a frontend, and keeps every answer — status, headers and body — so the test
 * can search all of them afterwards.
 */
export function createRecordingClient(baseUrl: string): RecordingClient {
  const answers: RecordedAnswer[] = [];
  const record = async (label: string, response: Response): Promise<string> => {
    const text = await response.text();
    answers.push({
      label,
      status: response.status,
      headers: JSON.stringify([...response.headers.entries()]),
      body: text,
    });
    return text;
  };
  return {
    answers,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.key) headers.authorization = `Bearer ${options.key}`;
      if (options.body !== undefined) headers["content-type"] = "application/json";
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        redirect: "manual",
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      });
      const text = await record(options.label ?? `${method} ${path}`, response);
      const json = response.headers.get("content-type")?.includes("json") && text.length > 0;
      return {
        status: response.status,
        body: (json ? JSON.parse(text) : text) as never,
        text,
        headers: response.headers,
      };
    },
    async visit(url, options = {}) {
      const response = await fetch(url, {
        redirect: "manual",
        headers: options.key ? { authorization: `Bearer ${options.key}` } : {},
      });
      await record(options.label ?? `GET ${new URL(url).pathname}`, response.clone());
      return response;
    },
  };
}
