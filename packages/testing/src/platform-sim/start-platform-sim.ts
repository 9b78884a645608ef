import { buildSimApp, type SimApp } from "@postd/platform-sim";

export interface RunningSim extends SimApp {
  url: string;
  close(): Promise<void>;
  /** calls the sim's control API */
  control<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
}

/** Starts platform-sim (all five platforms unless `platforms` narrows it) on a free loopback port for one test file. */
export async function startPlatformSim(options: Parameters<typeof buildSimApp>[0] = {}): Promise<RunningSim> {
  const sim = await buildSimApp(options);
  const url = await sim.app.listen({ port: 0, host: "127.0.0.1" });
  return {
    ...sim,
    url,
    close: () => sim.app.close(),
    async control<T>(method: string, path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${url}${path}`, {
        method,
        ...(body === undefined
          ? {}
          : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`sim ${method} ${path} answered ${response.status}: ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
  };
}
