/**
 * `pnpm infra:check`: is each server the apps need there, and usable? One line per server; exits non-zero when
 * one does not answer. Reads the root `.env` like `pnpm start` does.
 */
import { fileURLToPath } from "node:url";
import { checkInfra } from "./lib/check-all";
import { formatCheck } from "./lib/check-result";
import { mergeEnv, readEnvFile } from "./lib/env-file";
import { infraUrls } from "./lib/local-config";

const rootDir = fileURLToPath(new URL("..", import.meta.url));
const envFile = readEnvFile(`${rootDir}.env`);
for (const problem of envFile.problems) console.warn(`⚠️  .env ${problem}`);
const env = mergeEnv({ fileValues: envFile.values, processEnv: process.env });

const results = await checkInfra(infraUrls(env));
for (const result of results) console.log(formatCheck(result));
process.exitCode = results.some((result) => result.status === "down") ? 1 : 0;
