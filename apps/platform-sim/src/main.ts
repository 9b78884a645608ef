import { buildSimApp } from "./app";

const port = Number(process.env.PLATFORM_SIM_PORT ?? 4010);
const host = process.env.PLATFORM_SIM_HOST ?? "127.0.0.1";

const { app } = await buildSimApp({ env: process.env, logger: process.env.LOG_LEVEL === "debug" });
await app.listen({ port, host });
process.stdout.write(`platform-sim listening on http://${host}:${port} (control API at /_sim)\n`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
