import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parse, parseAllDocuments } from "yaml";

/** The apps `pnpm start` and the deployments run: every apps/<folder> whose package.json has a "postd" field. */
export function deployedApps(root: string): { folder: string; port: number }[] {
  return readdirSync(join(root, "apps"))
    .filter((folder) => existsSync(join(root, "apps", folder, "package.json")))
    .map((folder) => ({
      folder,
      pkg: JSON.parse(readFileSync(join(root, "apps", folder, "package.json"), "utf8")),
    }))
    .filter(({ pkg }) => pkg.postd !== undefined)
    .map(({ folder, pkg }) => ({ folder, port: Number(pkg.postd.port) }));
}

/** The variables the app's `Config` schema reads (its zod object's keys), from apps/<folder>/src/config.ts. */
export async function schemaVariables(root: string, folder: string): Promise<string[]> {
  const module: unknown = await import(pathToFileURL(join(root, "apps", folder, "src", "config.ts")).href);
  const shape = (module as { Config?: { shape?: Record<string, unknown> } }).Config?.shape;
  if (!shape) throw new Error(`apps/${folder}/src/config.ts exports no Config zod object`);
  return Object.keys(shape);
}

/**
 * platform-sim has no config schema: these are the variables its main.ts and state read (SIM_<PLATFORM>_CLIENT_ID
 * and _SECRET override the app credentials it accepts).
 */
export const simVariables = [
  "PLATFORM_SIM_PORT",
  "PLATFORM_SIM_HOST",
  "LOG_LEVEL",
  ...["META", "LINKEDIN", "TIKTOK", "GBP", "MAILCHIMP"].flatMap((platform) => [
    `SIM_${platform}_CLIENT_ID`,
    `SIM_${platform}_CLIENT_SECRET`,
  ]),
];

/** `service → ports` from the tables of infra/ports.md. */
export function portPlan(root: string): Map<string, number[]> {
  const plan = new Map<string, number[]>();
  for (const line of readFileSync(join(root, "infra/ports.md"), "utf8").split("\n")) {
    const match = /^\|\s*([a-z-]+)\s*\|\s*(\d+)\s*\|/.exec(line);
    if (!match?.[1] || !match[2]) continue;
    plan.set(match[1], [...(plan.get(match[1]) ?? []), Number(match[2])]);
  }
  return plan;
}

/** docker-compose.yml with its `<<` merge keys applied (compose resolves them the same way). */
export function readCompose(root: string): { services: Record<string, ComposeService> } {
  return parse(readFileSync(join(root, "docker-compose.yml"), "utf8"), { merge: true });
}

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  profiles?: string[];
  command?: string[];
  ports?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
  env_file?: { path: string; required?: boolean }[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[] };
  extra_hosts?: string[];
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

/** Every document of every .yaml file under infra/k8s (each must parse). */
export function readManifests(root: string): { file: string; object: K8sObject }[] {
  const found: { file: string; object: K8sObject }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".yaml")) {
        for (const document of parseAllDocuments(readFileSync(path, "utf8"))) {
          if (document.errors.length > 0) throw new Error(`${path}: ${document.errors[0]?.message}`);
          const object = document.toJS() as K8sObject | null;
          if (object) found.push({ file: path.slice(root.length), object });
        }
      }
    }
  };
  walk(join(root, "infra/k8s"));
  return found;
}

/** Lines of .env.example that name a variable, set (`NAME=`) or shown commented out (`# NAME=`). */
export function envExampleVariables(text: string): { assigned: string[]; mentioned: string[] } {
  const assigned: string[] = [];
  const mentioned: string[] = [];
  for (const line of text.split("\n")) {
    const set = /^([A-Z][A-Z0-9_]*)=/.exec(line);
    const shown = /^#\s?([A-Z][A-Z0-9_]*)=/.exec(line);
    if (set?.[1]) assigned.push(set[1]);
    if (set?.[1] || shown?.[1]) mentioned.push((set?.[1] ?? shown?.[1]) as string);
  }
  return { assigned, mentioned };
}
