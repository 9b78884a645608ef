/**
 * `pnpm start`: runs POSTD on this machine. Checks the three servers (starting the missing ones with docker
 * compose when a Docker engine answers, otherwise saying what to install), creates the database, runs every
 * app's migrations, then starts the apps in order and stops them in reverse order on Ctrl-C. See docs/adr/0002.
 */
import { fileURLToPath } from "node:url";
import { planApps, readAppManifests } from "./lib/apps";
import { ensureServers } from "./lib/ensure-servers";
import { mergeEnv, readEnvFile } from "./lib/env-file";
import { infraUrls, withInfraDefaults } from "./lib/local-config";
import { runApps } from "./lib/run-apps";

const rootDir = fileURLToPath(new URL("..", import.meta.url));
const envFile = readEnvFile(`${rootDir}.env`);
for (const problem of envFile.problems) console.warn(`⚠️  .env ${problem}`);
const env = withInfraDefaults(mergeEnv({ fileValues: envFile.values, processEnv: process.env }));

if (!(await ensureServers({ rootDir, urls: infraUrls(env) }))) process.exit(1);

const { apps, problems } = planApps(readAppManifests(rootDir));
if (problems.length > 0) {
  for (const problem of problems) console.error(`❌ ${problem}`);
  process.exit(1);
}
if (apps.length === 0) {
  console.log("No app under apps/ has a start script yet: the servers are ready, nothing else to run.");
  process.exit(0);
}
process.exitCode = await runApps({ apps, env });
