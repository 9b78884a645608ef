/**
 * `pnpm demo`: the whole product story against the RUNNING system (`pnpm start` in another terminal), narrated:
 * a tenant, five platforms connected through their consent pages, one post everywhere, a retry after a 429, a
 * dead letter and its replay, analytics and the health report. Exits 1 with a clear message when the system is
 * not running. Reads .env like `pnpm start`. Steps: scripts/demo/.
 */
import { fileURLToPath } from "node:url";
import { createNarrator } from "./demo/narrator";
import { runDemo } from "./demo/run-demo";
import { mergeEnv, readEnvFile } from "./lib/env-file";
import { localGatewayUrl, localSimUrl } from "./lib/system-urls";

const rootDir = fileURLToPath(new URL("..", import.meta.url));
const env = mergeEnv({ fileValues: readEnvFile(`${rootDir}.env`).values, processEnv: process.env });
const write = (line: string) => process.stdout.write(`${line}\n`);

process.exitCode = await runDemo({
  target: {
    gatewayUrl: localGatewayUrl(env),
    simUrl: localSimUrl(env),
    adminKey: env.ADMIN_API_KEY ?? "",
  },
  narrator: createNarrator(write),
  write,
});
