import postgres from "postgres";
import { randomToken } from "./random-token";
import { sharedServers } from "./shared-servers";

export interface CreateTestDatabaseOptions {
  /** the start of the database name (letters, digits, underscores); default "test" */
  readonly prefix?: string;
  /** a superuser URL; default TEST_DATABASE_ADMIN_URL or postgres://postgres@127.0.0.1:5432/postgres */
  readonly adminUrl?: string;
}

export interface TestDatabase {
  /** connection URL of the new, empty database: run the app's migrations into it */
  readonly url: string;
  readonly name: string;
  /** ends every connection to it and drops it */
  drop(): Promise<void>;
}

const identifier = /^[a-z_][a-z0-9_]*$/;

/** SQLSTATE 55006: CREATE DATABASE found someone connected to its template; it is worth a second try. */
const objectInUse = "55006";

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh, empty database `<prefix>_<random>` on the shared server (or `adminUrl`'s), for one test file. */
export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const prefix = options.prefix ?? "test";
  const name = `${prefix}_${randomToken()}`;
  if (!identifier.test(name) || name.length > 63) {
    throw new Error(
      `"${prefix}" cannot start a database name: use lowercase letters, digits and underscores`,
    );
  }
  const adminUrl = options.adminUrl ?? sharedServers.postgresAdminUrl();
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.unsafe(`CREATE DATABASE "${name}"`);
        break;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code !== objectInUse || attempt >= 5) {
          throw new Error(`cannot create test database ${name}`, { cause: error });
        }
      }
    }
  } finally {
    await admin.end();
  }
  return {
    url: databaseUrl(adminUrl, name),
    name,
    async drop() {
      const dropper = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
