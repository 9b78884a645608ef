import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** The repository root: apps/cli/src/commands → four levels up. */
export const repositoryRoot = new URL("../../../../", import.meta.url);

export interface AppMigrations {
  /** the folder under apps/ */
  app: string;
  /** the Postgres schema the app owns (its drizzle.config.ts `migrations.schema`) */
  schema: string;
  migrationsFolder: string;
  /** the migrations committed (drizzle-kit's journal), in order */
  tags: string[];
  /** `postd.order` from its package.json: migrations run in start order */
  order: number;
}

/**
 * Every app that owns a schema: an `apps/<app>/drizzle.config.ts` (imported, so the schema name and folder are
 * the ones drizzle-kit uses) with a committed journal. Sorted by `postd.order`, then name.
 */
export async function listAppMigrations(root: URL = repositoryRoot): Promise<AppMigrations[]> {
  const appsDir = join(root.pathname, "apps");
  const found: AppMigrations[] = [];
  for (const entry of readdirSync(appsDir, { withFileTypes: true })) {
    const dir = join(appsDir, entry.name);
    const configFile = join(dir, "drizzle.config.ts");
    if (!entry.isDirectory() || !existsSync(configFile)) continue;
    const config = ((await import(pathToFileURL(configFile).href)) as { default: DrizzleConfigShape })
      .default;
    const schema = config.migrations?.schema ?? config.schemaFilter?.[0];
    const migrationsFolder = join(dir, config.out ?? "drizzle");
    const journal = join(migrationsFolder, "meta", "_journal.json");
    if (!schema || !existsSync(journal)) continue;
    const tags = (JSON.parse(readFileSync(journal, "utf8")) as { entries: { tag: string }[] }).entries.map(
      (e) => e.tag,
    );
    found.push({ app: entry.name, schema, migrationsFolder, tags, order: orderOf(dir) });
  }
  return found.sort((a, b) => a.order - b.order || a.app.localeCompare(b.app));
}

interface DrizzleConfigShape {
  out?: string;
  schemaFilter?: string[];
  migrations?: { schema?: string };
}

function orderOf(dir: string): number {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
      postd?: { order?: unknown };
    };
    return typeof manifest.postd?.order === "number" ? manifest.postd.order : 100;
  } catch {
    return 100;
  }
}
