import { type AppProcess, type OutputStyle, runAppScript, stopApps, waitForReadyz } from "./app-process";
import { type AppPlan, shortName } from "./apps";
import type { LaunchPlan } from "./launch-plan";
import { wantsColor } from "./line-prefixer";

/** longer than the apps' own shutdown deadline (SHUTDOWN_DEADLINE_MS, 25 s by default) */
const stopGraceMs = 30_000;
const readyTimeoutMs = 120_000;
/** a signal this soon after the first is the same one delivered twice, not a second Ctrl-C */
const duplicateSignalMs = 1_000;

/** The processes started so far, and the one way to stop them (once; a second signal kills). */
class Supervisor {
  readonly running: AppProcess[] = [];
  stopping: Promise<void> | undefined;

  private firstSignalAt = 0;

  stop(signal: NodeJS.Signals): Promise<void> {
    // the same signal delivered twice by a wrapper (pnpm, a shell, tsx) is not a second Ctrl-C
    if (this.stopping && Date.now() - this.firstSignalAt < duplicateSignalMs) return this.stopping;
    if (this.stopping) {
      console.log("\nsecond signal: killing every app now");
      void stopApps(this.running, { signal: "SIGKILL", graceMs: 0 });
      return this.stopping;
    }
    this.firstSignalAt = Date.now();
    console.log(`\n${signal}: stopping the apps, last started first`);
    this.stopping = stopApps(this.running, { signal, graceMs: stopGraceMs });
    return this.stopping;
  }
}

async function migrateAll(
  apps: readonly LaunchPlan[],
  supervisor: Supervisor,
  start: StartOptions,
): Promise<boolean> {
  for (const [index, app] of apps.entries()) {
    if (!app.migrate || supervisor.stopping) continue;
    console.log(`▶ ${shortName(app)}: pnpm run ${app.migrate}`);
    const migration = runAppScript({
      app,
      script: app.migrate,
      env: { ...start.env, ...app.env },
      colorIndex: index,
      style: start.style,
    });
    supervisor.running.push(migration);
    const code = await migration.exited;
    supervisor.running.splice(supervisor.running.indexOf(migration), 1);
    if (code !== 0) {
      console.error(`❌ ${shortName(app)}: migration "${app.migrate}" failed (exit ${code})`);
      return false;
    }
  }
  return !supervisor.stopping;
}

interface StartOptions {
  readonly env: Record<string, string>;
  readonly style: OutputStyle;
}

/** Starts the apps one after another; an app with a port must answer /readyz before the next starts. */
async function startAll(apps: readonly LaunchPlan[], supervisor: Supervisor, start: StartOptions) {
  for (const [index, app] of apps.entries()) {
    if (supervisor.stopping) return undefined;
    const started = runAppScript({
      app,
      script: "start",
      // what only this app gets (its INTERNAL_PORT: one shared .env cannot hold one per app)
      env: { ...start.env, ...app.env },
      colorIndex: index,
      style: start.style,
    });
    supervisor.running.push(started);
    if (app.port && !(await waitForReadyz(started, { port: app.port, timeoutMs: readyTimeoutMs }))) {
      if (started.hasExited()) return supervisor.stopping ? undefined : app;
      console.warn(
        `⚠️  ${shortName(app)}: /readyz on port ${app.port} not ready after ${readyTimeoutMs / 1000} s`,
      );
    }
  }
  return undefined;
}

function whereItListens(app: AppPlan): string {
  const internal = app.port ? `internal http://127.0.0.1:${app.port} (/healthz /readyz /metrics)` : "";
  return [app.url, internal].filter(Boolean).join(", ") || "no address declared";
}

export function printAddresses(apps: readonly AppPlan[]): void {
  console.log("\nPOSTD is running (Ctrl-C stops every app, last started first):");
  for (const app of apps) console.log(`  ${shortName(app).padEnd(16)} ${whereItListens(app)}`);
  console.log("");
}

/**
 * Runs every migration, then the apps in order, and keeps them running until Ctrl-C or SIGTERM (forwarded to
 * each app, in reverse order) or until one app exits (then the others are stopped). Once every app is ready it
 * calls `onRunning` (default: print where each listens). Resolves the exit code.
 */
export async function runApps(options: {
  apps: readonly LaunchPlan[];
  env: Record<string, string>;
  onRunning?: (apps: readonly LaunchPlan[]) => Promise<void>;
}): Promise<number> {
  const { apps, env } = options;
  const width = Math.max(...apps.map((app) => shortName(app).length));
  const start: StartOptions = { env, style: { width, color: wantsColor(process.stdout, env) } };
  const supervisor = new Supervisor();
  process.on("SIGINT", () => void supervisor.stop("SIGINT"));
  process.on("SIGTERM", () => void supervisor.stop("SIGTERM"));

  if (!(await migrateAll(apps, supervisor, start))) {
    const interrupted = supervisor.stopping !== undefined;
    await (supervisor.stopping ?? supervisor.stop("SIGTERM"));
    return interrupted ? 0 : 1;
  }
  const failed = await startAll(apps, supervisor, start);
  if (failed || supervisor.stopping) {
    if (failed) console.error(`❌ ${shortName(failed)} exited while starting`);
    await (supervisor.stopping ?? supervisor.stop("SIGTERM"));
    return failed ? 1 : 0;
  }
  if (options.onRunning) await options.onRunning(apps);
  else printAddresses(apps);

  const exits = supervisor.running.map((app) => app.exited.then((code) => ({ app: app.app, code })));
  const first = await Promise.race(exits);
  if (supervisor.stopping) {
    await supervisor.stopping;
    return 0;
  }
  console.error(`❌ ${shortName(first.app)} exited (code ${first.code}); stopping the others`);
  await supervisor.stop("SIGTERM");
  return 1;
}
