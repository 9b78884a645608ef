import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * What an app's package.json says about how `pnpm start` runs it, under a "postd" key (without one, it is not run):
 *   "postd": { "order": 20, "migrate": "db:migrate", "port": 9100, "url": "http://127.0.0.1:3000" }
 * order: lower starts first (default 100; ties by name); migrate: a script of the app run to completion before
 * any app starts; port: the internal HTTP port (/healthz, /readyz, /metrics), which start waits on before the
 * next app; url: where people reach the app, printed once it runs. Every key is optional (`{}` runs it with defaults).
 */
export interface PostdField {
  readonly order?: number;
  readonly migrate?: string;
  readonly port?: number;
  readonly url?: string;
}

export interface AppManifest {
  /** the folder under apps/ */
  readonly folder: string;
  readonly dir: string;
  /** package.json as read */
  readonly packageJson: unknown;
}

export interface AppPlan {
  readonly name: string;
  readonly dir: string;
  /** its package.json scripts (the string ones) */
  readonly scripts: Readonly<Record<string, string>>;
  readonly order: number;
  readonly migrate?: string;
  readonly port?: number;
  readonly url?: string;
}

export const defaultOrder = 100;

/** Every apps/<folder>/package.json, read (no judgement yet). */
export function readAppManifests(rootDir: string): AppManifest[] {
  const appsDir = join(rootDir, "apps");
  if (!existsSync(appsDir)) return [];
  return readdirSync(appsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(appsDir, entry.name, "package.json")))
    .map((entry) => {
      const dir = join(appsDir, entry.name);
      return {
        folder: entry.name,
        dir,
        packageJson: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")),
      };
    });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readPostdField(raw: unknown, scripts: Record<string, unknown>, problems: string[]): PostdField {
  if (raw === undefined) return {};
  if (!isRecord(raw)) {
    problems.push('"postd" must be an object');
    return {};
  }
  const { order, migrate, port, url } = raw;
  const field: { order?: number; migrate?: string; port?: number; url?: string } = {};
  if (order !== undefined) {
    if (typeof order === "number" && Number.isFinite(order)) field.order = order;
    else problems.push('"postd.order" must be a number');
  }
  if (migrate !== undefined) {
    if (typeof migrate === "string" && typeof scripts[migrate] === "string") field.migrate = migrate;
    else problems.push(`"postd.migrate" must name one of its scripts (got ${JSON.stringify(migrate)})`);
  }
  if (port !== undefined) {
    if (typeof port === "number" && Number.isInteger(port) && port > 0 && port < 65_536) field.port = port;
    else problems.push('"postd.port" must be a TCP port number');
  }
  if (url !== undefined) {
    if (typeof url === "string" && URL.canParse(url)) field.url = url;
    else problems.push('"postd.url" must be a URL');
  }
  return field;
}

/**
 * The apps `pnpm start` runs, in start order: those with a "start" script and a "postd" field (a tool such as the
 * CLI has a start script but is no server). A malformed "postd" field is a problem to report, not something to
 * guess around.
 */
export function planApps(manifests: readonly AppManifest[]): { apps: AppPlan[]; problems: string[] } {
  const apps: AppPlan[] = [];
  const problems: string[] = [];
  for (const manifest of manifests) {
    const pkg = isRecord(manifest.packageJson) ? manifest.packageJson : {};
    const scripts = isRecord(pkg.scripts) ? pkg.scripts : {};
    if (typeof scripts.start !== "string" || pkg.postd === undefined) continue;
    const name = typeof pkg.name === "string" ? pkg.name : manifest.folder;
    const own: string[] = [];
    const field = readPostdField(pkg.postd, scripts, own);
    problems.push(...own.map((problem) => `apps/${manifest.folder}/package.json: ${problem}`));
    const strings = Object.entries(scripts).filter(
      (entry): entry is [string, string] => typeof entry[1] === "string",
    );
    apps.push({
      name,
      dir: manifest.dir,
      scripts: Object.fromEntries(strings),
      ...field,
      order: field.order ?? defaultOrder,
    });
  }
  apps.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
  return { apps, problems };
}

/** "gateway" for "@postd/gateway": the label in front of its output lines. */
export function shortName(app: Pick<AppPlan, "name">): string {
  return app.name.replace(/^@[^/]+\//, "");
}
