import type { NatsConnection } from "@nats-io/nats-core";

/** An HTTP answer with its JSON body. */
export async function http<T>(
  url: string,
  options: { method?: string; key?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method: options.method ?? "GET",
    headers: {
      ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    redirect: "manual",
    signal: AbortSignal.timeout(20_000),
  });
  const text = await response.text();
  return { status: response.status, body: (text.startsWith("{") ? JSON.parse(text) : text) as T };
}

/** Connects a platform the way a browser does: start → consent page (auto=approve) → the gateway's callback. */
export async function connectThroughConsent(input: {
  gatewayUrl: string;
  apiKey: string;
  platform: string;
}): Promise<void> {
  const started = await http<{ authorizationUrl: string }>(
    `${input.gatewayUrl}/api/oauth/${input.platform}/start`,
    {
      method: "POST",
      key: input.apiKey,
      body: {},
    },
  );
  if (started.status !== 200) throw new Error(`start ${input.platform}: ${started.status}`);
  const consent = new URL(started.body.authorizationUrl);
  consent.searchParams.set("auto", "approve");
  const approved = await fetch(consent, { redirect: "manual" });
  const callback = approved.headers.get("location");
  if (approved.status !== 302 || !callback) throw new Error(`consent ${input.platform}: ${approved.status}`);
  const completed = await fetch(callback, { redirect: "manual" });
  if (completed.status >= 400) throw new Error(`callback ${input.platform}: ${completed.status}`);
}

/** Sum of a Prometheus counter (every label set) on one process's /metrics. */
export async function counterTotal(internalUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${internalUrl}/metrics`)).text();
  let total = 0;
  for (const line of text.split("\n")) {
    const match = new RegExp(`^${name}(?:_total)?(?:\\{[^}]*\\})? ([0-9.e+]+)`).exec(line);
    if (match?.[1]) total += Number(match[1]);
  }
  return total;
}

/** Requests each instance of a NATS service has answered, per instance id (`$SRV.STATS`). */
export async function requestsPerInstance(
  nc: NatsConnection,
  serviceName: string,
): Promise<Map<string, number>> {
  const replies = await nc.requestMany(`$SRV.STATS.${serviceName}`, "", {
    strategy: "timer",
    maxWait: 1_500,
  });
  const counts = new Map<string, number>();
  for await (const reply of replies) {
    const stats = reply.json<{ id: string; endpoints?: { num_requests: number }[] }>();
    counts.set(
      stats.id,
      (stats.endpoints ?? []).reduce((sum, endpoint) => sum + endpoint.num_requests, 0),
    );
  }
  return counts;
}

/** Log lines (pino JSON after the `name │` prefix, or bare) with this message, with their times. */
export function logTimes(output: string, message: string): number[] {
  const times: number[] = [];
  for (const line of output.split("\n")) {
    if (!line.includes(`"msg":"${message}"`)) continue;
    const time = /"time":"([^"]+)"/.exec(line)?.[1];
    if (time) times.push(Date.parse(time));
  }
  return times;
}
