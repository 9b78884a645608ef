import { setTimeout as delay } from "node:timers/promises";
import { checkInfra, checkOne } from "./check-all";
import { createDatabase } from "./check-postgres";
import { type CheckResult, describeError, formatCheck } from "./check-result";
import { composeUp, dockerEngineAnswers } from "./docker";
import { endpointOf, type InfraUrls, isLoopback } from "./local-config";

const defaultPorts: Record<string, number> = { postgres: 5432, redis: 6379, nats: 4222 };

function urlOf(urls: InfraUrls, composeService: string): string {
  if (composeService === "postgres") return urls.databaseUrl;
  return composeService === "redis" ? urls.redisUrl : urls.natsUrl;
}

/** compose can only provide a server that the URL expects on this machine, on the compose port. */
function composeCanProvide(urls: InfraUrls, result: CheckResult): boolean {
  const port = defaultPorts[result.composeService] ?? 0;
  const endpoint = endpointOf(urlOf(urls, result.composeService), port);
  return isLoopback(endpoint) && endpoint.port === port;
}

/** One `docker compose up -d` for all of them, then waits (up to 90 s) until each answers. */
async function startWithCompose(
  rootDir: string,
  urls: InfraUrls,
  down: readonly CheckResult[],
): Promise<CheckResult[]> {
  const services = down.map((result) => result.composeService);
  console.log(`▶ docker compose up -d ${services.join(" ")}`);
  if (!(await composeUp(rootDir, services))) return [...down];
  const deadline = Date.now() + 90_000;
  let latest = [...down];
  while (latest.some((result) => result.status === "down") && Date.now() < deadline) {
    await delay(1_000);
    latest = await Promise.all(latest.map((result) => checkOne(urls, result.composeService)));
  }
  return latest;
}

async function ensureDatabase(urls: InfraUrls): Promise<boolean> {
  try {
    await createDatabase(urls.databaseUrl);
    console.log(`✅ created database "${new URL(urls.databaseUrl).pathname.slice(1)}"`);
    return true;
  } catch (error) {
    console.error(`❌ could not create the database: ${describeError(error)}`);
    return false;
  }
}

/**
 * Makes sure PostgreSQL, Redis and NATS answer: uses what answers, else starts it with docker compose when a
 * Docker engine answers, else says what is missing. Then creates the database if missing. False = cannot go on.
 */
export async function ensureServers(options: { rootDir: string; urls: InfraUrls }): Promise<boolean> {
  const { rootDir, urls } = options;
  let results = await checkInfra(urls);
  const down = results.filter((result) => result.status === "down" && composeCanProvide(urls, result));
  if (down.length > 0 && (await dockerEngineAnswers(rootDir))) {
    const started = await startWithCompose(rootDir, urls, down);
    results = results.map((result) => started.find((again) => again.server === result.server) ?? result);
  } else if (down.length > 0) {
    console.log("No Docker engine answers here (`docker info` failed), so nothing can be started for you.");
  }
  for (const result of results) console.log(formatCheck(result));
  if (results.some((result) => result.status === "down")) {
    console.error("Start the servers marked ❌ (or fix their URLs in .env), then run `pnpm start` again.");
    return false;
  }
  const postgres = results.find((result) => result.composeService === "postgres");
  return postgres?.databaseMissing ? ensureDatabase(urls) : true;
}
