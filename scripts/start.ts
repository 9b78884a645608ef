/**
 * `pnpm start`: runs POSTD on this machine. Creates `.env` from `.env.example` with fresh local secrets when there
 * is none, checks the three servers (starting the missing ones with docker compose when a Docker engine answers,
 * otherwise saying what to install), creates the database, points the apps at platform-sim unless real platform
 * credentials are configured, starts the apps in order, makes (or reuses) a dev tenant and prints where
 * everything is. Ctrl-C stops the apps in reverse order. See scripts/README.md and docs/adr/0002.
 */
import { fileURLToPath } from "node:url";
import { planApps, readAppManifests } from "./lib/apps";
import { ensureDotEnv, missingSecrets } from "./lib/dot-env-setup";
import { ensureServers } from "./lib/ensure-servers";
import { mergeEnv, readEnvFile } from "./lib/env-file";
import { planLaunch, portOffsetFrom } from "./lib/launch-plan";
import { infraUrls, withInfraDefaults } from "./lib/local-config";
import { decidePlatformMode, describePlatformMode, platformEnv } from "./lib/platform-mode";
import { runApps } from "./lib/run-apps";
import { announceRunningSystem } from "./lib/start-announce";

const rootDir = fileURLToPath(new URL("..", import.meta.url));

const setup = ensureDotEnv({ rootDir, processEnv: process.env });
if (setup.kind === "refused") {
  console.error(`❌ ${setup.reason}`);
  process.exit(1);
}
if (setup.kind === "created") {
  console.log(`✅ created .env from .env.example with fresh local secrets (${setup.filled.join(", ")})`);
}
const envFile = readEnvFile(`${rootDir}.env`);
for (const problem of envFile.problems) console.warn(`⚠️  .env ${problem}`);
const configured = withInfraDefaults(mergeEnv({ fileValues: envFile.values, processEnv: process.env }));

const missing = missingSecrets(configured);
if (missing.length > 0) {
  console.error(`❌ ${missing.join(", ")} missing: the apps cannot start without them.`);
  console.error(
    "   Add each to .env (openssl rand -base64 48), or move .env away and pnpm start makes a new one.",
  );
  process.exit(1);
}
const ports = portOffsetFrom(configured);
if (ports.problem) {
  console.error(`❌ ${ports.problem}`);
  process.exit(1);
}
const mode = decidePlatformMode(configured);
console.log(`▶ platforms: ${describePlatformMode(mode)}`);
const env = { ...configured, ...platformEnv(mode) };

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
process.exitCode = await runApps({
  apps: planLaunch({ apps, mode, portOffset: ports.offset }),
  env,
  onRunning: (launched) =>
    announceRunningSystem({ rootDir, env, mode, apps: launched, envCreated: setup.kind === "created" }),
});
