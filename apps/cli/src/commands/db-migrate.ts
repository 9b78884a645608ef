import { redactUrlCredentials, runMigrations } from "@postd/service-kit";
import { createLogger } from "@postd/telemetry";
import { CliError } from "../cli-error";
import type { Command } from "../command";
import { listAppMigrations } from "./app-migrations";

/**
 * Every service's committed migrations into its own schema, in start order, with service-kit's `runMigrations`
 * (the same advisory-locked runner each service uses at start, so running it while services start is safe).
 */
export const dbMigrate: Command = {
  name: "db:migrate",
  args: "",
  summary:
    "Apply every service's migrations to DATABASE_URL, each into its own schema; one JSON line per service",
  arity: { min: 0, max: 0 },
  async run({ config }, output) {
    const logger = createLogger({ service: "postd-cli", level: "warn" });
    for (const app of await listAppMigrations()) {
      try {
        await runMigrations({
          url: config.DATABASE_URL,
          schema: app.schema,
          migrationsFolder: app.migrationsFolder,
          logger,
        });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new CliError(
          `${app.app}: migrating schema ${app.schema} on ${redactUrlCredentials(config.DATABASE_URL)} failed: ${reason}`,
          { cause: error },
        );
      }
      output.out(JSON.stringify({ app: app.app, schema: app.schema, migrations: app.tags.length }));
    }
  },
};
