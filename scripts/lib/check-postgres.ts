import { type CheckResult, describeError, describeUnreachable, isVersionAtLeast } from "./check-result";
import { describeEndpoint, endpointOf } from "./local-config";
import { connectPostgres, PostgresServerError } from "./postgres-client";
import { quoteIdentifier } from "./postgres-protocol";

const server = "PostgreSQL";
const composeService = "postgres";
const minimumVersion = "15";
const databaseMissingCode = "3D000";
const startAdvice =
  "start it: `docker compose up -d postgres`, or without Docker `apt-get install postgresql` " +
  "(Debian 12 ships 15) and point DATABASE_URL at it";

/** The database the URL names, and the same server's `postgres` maintenance database. */
function databasesOf(url: string): { name: string; maintenanceUrl: string } {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.slice(1));
  parsed.pathname = "/postgres";
  return { name, maintenanceUrl: parsed.toString() };
}

async function serverVersionVia(url: string): Promise<string> {
  const session = await connectPostgres(url);
  session.close();
  return session.serverVersion;
}

function versionResult(options: { version: string; where: string; database: string; exists: boolean }) {
  const { version, where, database, exists } = options;
  const base = `${server} ${version.split(" ")[0]} at ${where}`;
  if (!isVersionAtLeast(version, minimumVersion)) {
    return { status: "warn" as const, summary: base, advice: `POSTD needs ${server} ${minimumVersion}+` };
  }
  if (!exists) {
    return {
      status: "warn" as const,
      summary: `${base}, database "${database}" missing`,
      advice: "`pnpm start` creates it",
    };
  }
  return { status: "ok" as const, summary: `${base}, database "${database}" exists` };
}

/** Whether the server answers, its version, and whether the database DATABASE_URL names exists. */
export async function checkPostgres(url: string): Promise<CheckResult> {
  const where = describeEndpoint(endpointOf(url, 5432));
  const { name, maintenanceUrl } = databasesOf(url);
  try {
    const version = await serverVersionVia(url);
    return { server, composeService, ...versionResult({ version, where, database: name, exists: true }) };
  } catch (error) {
    if (error instanceof PostgresServerError && error.code === databaseMissingCode) {
      const version = await serverVersionVia(maintenanceUrl).catch(() => "?");
      const found = versionResult({ version, where, database: name, exists: false });
      return { server, composeService, ...found, databaseMissing: true };
    }
    const refused = error instanceof PostgresServerError;
    return {
      server,
      composeService,
      status: "down",
      summary: refused
        ? `${server} at ${where} refused the connection (${describeError(error)})`
        : describeUnreachable({ server, where, error }),
      advice: refused ? "check the user and password in DATABASE_URL" : startAdvice,
    };
  }
}

/** Creates the database DATABASE_URL names, through the same server's `postgres` database. */
export async function createDatabase(url: string): Promise<void> {
  const { name, maintenanceUrl } = databasesOf(url);
  const session = await connectPostgres(maintenanceUrl);
  try {
    await session.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
  } finally {
    session.close();
  }
}
