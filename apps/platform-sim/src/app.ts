import formbody from "@fastify/formbody";
import Fastify, { type FastifyInstance } from "fastify";
import { registerControlRoutes } from "./core/control-routes";
import { installFaultHooks } from "./core/fault-hooks";
import { registerMediaHost } from "./core/media-host";
import type { SimPlatformFactory, SimPlatformModule } from "./core/platform-module";
import { allPlatforms } from "./platforms/index";
import { SimState } from "./state/sim-state";

export interface SimAppOptions {
  /** app credentials per platform (`SIM_<PLATFORM>_CLIENT_ID`, …) */
  env?: Record<string, string | undefined>;
  now?: () => number;
  random?: () => number;
  platforms?: readonly SimPlatformFactory[];
  logger?: boolean;
}

export interface SimApp {
  app: FastifyInstance;
  state: SimState;
  modules: readonly SimPlatformModule[];
}

/**
 * platform-sim: one Fastify app that answers as all five platforms. A request for `https://HOST/PATH` arrives
 * as `/HOST/PATH` (the connectors' PLATFORM_SIM_URL rewrite), so routes are registered under each real host name.
 */
export async function buildSimApp(options: SimAppOptions = {}): Promise<SimApp> {
  const state = new SimState(options.now, {
    ...(options.env ? { env: options.env } : {}),
    ...(options.random ? { random: options.random } : {}),
  });
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 256 * 1024 * 1024,
    forceCloseConnections: true,
  });
  await app.register(formbody);
  // Uploads (video chunks, images) arrive as raw bytes of any media type.
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));
  installFaultHooks(app, state);

  const modules = (options.platforms ?? allPlatforms).map((create) => create({ state }));
  for (const module of modules) {
    module.reset();
    await module.register(app);
  }
  await registerMediaHost(app);
  await registerControlRoutes(app, state, modules);
  return { app, state, modules };
}
