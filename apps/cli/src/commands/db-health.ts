import { createDatabase, redactUrlCredentials } from "@postd/service-kit";
import { CliError } from "../cli-error";
import type { Command } from "../command";
import { type AppMigrations, listAppMigrations } from "./app-migrations";

interface SchemaState {
  app: string;
  schema: string;
  applied: number;
  committed: number;
  status: "ok" | "behind" | "missing";
}

/**
 * Postgres answers, and every service's schema has all its committed migrations (rows in `<schema>.__migrations`
 * against drizzle-kit's journal). Exit 1 when Postgres is unreachable or any schema is behind or missing.
 */
export const dbHealth: Command = {
  name: "db:health",
  args: "",
  summary: "Postgres reachable and each service's schema migrated to its latest; exit 1 otherwise",
  arity: { min: 0, max: 0 },
  async run({ config }, output) {
    const database = createDatabase({ url: config.DATABASE_URL, schema: "public", max: 1 });
    try {
      try {
        await database.ping();
      } catch (error) {
        throw new CliError(`❌ postgres  ${redactUrlCredentials(config.DATABASE_URL)} does not answer`, {
          cause: error,
        });
      }
      output.out(`✅ postgres  ${redactUrlCredentials(config.DATABASE_URL)}`);
      const states = await Promise.all(
        (await listAppMigrations()).map((app) => schemaState(database.sql, app)),
      );
      for (const state of states) {
        const mark = state.status === "ok" ? "✅" : "❌";
        output.out(
          `${mark} ${state.schema.padEnd(10)} ${state.applied}/${state.committed} migrations (${state.app})`,
        );
      }
      const bad = states.filter((state) => state.status !== "ok").map((state) => state.schema);
      if (bad.length > 0) throw new CliError(`not migrated: ${bad.join(", ")} (run pnpm db:migrate)`);
    } finally {
      await database.close({ timeoutSeconds: 1 });
    }
  },
};

async function schemaState(
  sql: ReturnType<typeof createDatabase>["sql"],
  app: AppMigrations,
): Promise<SchemaState> {
  const base = { app: app.app, schema: app.schema, committed: app.tags.length };
  const [table] = await sql<{ exists: boolean }[]>`
    select to_regclass(${`${app.schema}.__migrations`}) is not null as exists`;
  if (!table?.exists) return { ...base, applied: 0, status: "missing" };
  const [row] = await sql<{ count: number }[]>`
    select count(*)::int as count from ${sql(app.schema)}.__migrations`;
  const applied = row?.count ?? 0;
  return { ...base, applied, status: applied >= app.tags.length ? "ok" : "behind" };
}
