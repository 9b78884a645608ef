import type { FastifyInstance, FastifyRequest } from "fastify";
import type { SimState } from "../state/sim-state";

const resetAfter = new WeakSet<FastifyRequest>();

/** Splits `/graph.facebook.com/v26.0/me` into the host and the rest. */
export function splitHostPath(url: string): { host: string; path: string } {
  const [pathname = "/"] = url.split("?");
  const match = /^\/([^/]+)(\/.*)?$/.exec(pathname);
  return { host: match?.[1] ?? "", path: match?.[2] ?? "/" };
}

/**
 * Counts every platform call and applies injected faults and the global latency before the platform's handler
 * runs; `reset_after` lets the handler act, then closes the connection instead of answering.
 */
export function installFaultHooks(app: FastifyInstance, state: SimState): void {
  app.addHook("onRequest", async (request, reply) => {
    if (request.url.startsWith("/_sim")) return;
    const { host, path } = splitHostPath(request.url);
    const route = request.routeOptions.url ? splitHostPath(request.routeOptions.url).path : path;
    state.calls.record(request.method, host, route);
    if (state.settings.latencyMs > 0) await delay(state.settings.latencyMs);
    const fault = state.faults.take({ host, method: request.method, path });
    if (!fault) return;
    switch (fault.type) {
      case "latency":
        await delay(fault.ms);
        return;
      case "respond": {
        const body = fault.body === undefined ? "" : fault.body;
        reply.code(fault.status).headers(fault.headers ?? {});
        if (typeof body === "string")
          return reply.type(fault.headers?.["content-type"] ?? "text/plain").send(body);
        return reply.send(body);
      }
      case "hang":
        request.raw.socket.setTimeout(0);
        return new Promise<void>(() => undefined);
      case "reset_before":
        request.raw.socket.destroy();
        return reply.hijack();
      case "reset_after":
        resetAfter.add(request);
        return;
    }
  });

  app.addHook("onSend", async (request, _reply, payload) => {
    if (resetAfter.has(request)) request.raw.socket.destroy();
    return payload;
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
