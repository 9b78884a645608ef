import { type ChildProcess, spawn } from "node:child_process";
import { setTimeout as delay } from "node:timers/promises";
import { type AppPlan, shortName } from "./apps";
import { createLinePrefixer } from "./line-prefixer";
import { isGroupAlive, signalGroup } from "./process-group";

export interface OutputStyle {
  readonly width: number;
  readonly color: boolean;
}

export interface AppProcess {
  readonly app: AppPlan;
  readonly child: ChildProcess;
  /** the exit code, or 128 + signal number style codes as 1 */
  readonly exited: Promise<number>;
  hasExited(): boolean;
}

function pipeWithPrefix(child: ChildProcess, label: string, colorIndex: number, style: OutputStyle): void {
  for (const [source, target] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ] as const) {
    const prefixer = createLinePrefixer({ label, width: style.width, colorIndex, color: style.color });
    source?.setEncoding("utf8");
    source?.on("data", (chunk: string) => {
      for (const line of prefixer.push(chunk)) target.write(`${line}\n`);
    });
    source?.on("end", () => {
      for (const line of prefixer.flush()) target.write(`${line}\n`);
    });
  }
}

/**
 * How a script runs: `tsx <file>` as `node --import tsx <file>`, one process, so a stop signal reaches the app
 * exactly once (the tsx CLI relays signals to a child node and, when that child is slow to acknowledge — a loaded
 * machine — sends them again or kills it; pnpm in between adds two more processes). Anything else through
 * `pnpm run <script>`.
 */
export function commandFor(
  scripts: Readonly<Record<string, string>>,
  script: string,
): {
  command: string;
  args: string[];
} {
  const direct = /^tsx\s+([\w./-]+\.[cm]?ts)$/.exec(scripts[script]?.trim() ?? "");
  if (direct?.[1]) return { command: process.execPath, args: ["--import", "tsx", direct[1]] };
  return { command: "pnpm", args: ["run", script] };
}

/**
 * Runs one of the app's scripts in its folder as the leader of its own process group, so that stopping it
 * reaches every process of it and Ctrl-C in the terminal reaches only us.
 */
export function runAppScript(options: {
  app: AppPlan;
  script: string;
  env: Readonly<Record<string, string>>;
  colorIndex: number;
  style: OutputStyle;
}): AppProcess {
  const { command, args } = commandFor(options.app.scripts, options.script);
  const child = spawn(command, args, {
    cwd: options.app.dir,
    env: { ...options.env, FORCE_COLOR: options.style.color ? "1" : "0" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  pipeWithPrefix(child, shortName(options.app), options.colorIndex, options.style);
  let done = false;
  const exited = new Promise<number>((resolve) => {
    child.once("error", () => {
      done = true;
      resolve(127);
    });
    child.once("exit", (code) => {
      done = true;
      resolve(code ?? 1);
    });
  });
  return { app: options.app, child, exited, hasExited: () => done };
}

async function waitForGroupToEnd(groupId: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isGroupAlive(groupId)) {
    if (Date.now() >= deadline) return false;
    await delay(100);
  }
  return true;
}

/**
 * Stops the apps in reverse start order: `signal` to each app's whole group (as Ctrl-C in a terminal does),
 * waiting until every process of it is gone (pnpm exits before the app it runs), SIGKILL after `graceMs`.
 */
export async function stopApps(
  running: readonly AppProcess[],
  options: { signal: NodeJS.Signals; graceMs: number },
): Promise<void> {
  for (const app of [...running].reverse()) {
    const groupId = app.child.pid;
    if (groupId === undefined) continue;
    signalGroup(groupId, options.signal);
    if (!(await waitForGroupToEnd(groupId, options.graceMs))) {
      signalGroup(groupId, "SIGKILL");
      await waitForGroupToEnd(groupId, 5_000);
    }
  }
}

/**
 * Whether an app that answered GET /readyz with this status is ready: 200 yes, 503 not yet, anything else
 * means it listens without a readiness endpoint, which is as ready as it will say.
 */
export function isReadyStatus(status: number): boolean {
  return status !== 503 && status < 500;
}

/** Waits until GET http://127.0.0.1:<port>/readyz says ready, the app exits, or `timeoutMs` passes. */
export async function waitForReadyz(
  app: AppProcess,
  options: { port: number; timeoutMs: number },
): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline && !app.hasExited()) {
    const ready = await fetch(`http://127.0.0.1:${options.port}/readyz`, {
      signal: AbortSignal.timeout(1_000),
    })
      .then((response) => isReadyStatus(response.status))
      .catch(() => false);
    if (ready) return true;
    await delay(250);
  }
  return false;
}
