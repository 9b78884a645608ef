import { type ChildProcess, spawn } from "node:child_process";
import { setTimeout as delay } from "node:timers/promises";
import { signalGroup, trackGroup, untrackGroup } from "./exit-cleanup";
import { isGroupAlive } from "./process-table";

export interface SpawnGroupOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** run as this user and group (used to run Postgres as `postgres` when the tests run as root) */
  readonly uid?: number;
  readonly gid?: number;
  /** a directory the watchdog deletes once the group is gone, if this process died without cleaning up */
  readonly orphanDirectory?: string;
}

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface SpawnedGroup {
  readonly child: ChildProcess;
  /** the process id, which is also the id of its process group */
  readonly pid: number;
  readonly exited: Promise<ExitStatus>;
}

/*
 * The watchdog holds the read end of a pipe whose write end only this process has. When this process dies in any
 * way (even SIGKILL, which runs no exit handler), `read` returns and the watchdog kills the group it guards.
 */
const watchdogScript = [
  "read -r _ignored || true",
  'kill -9 "-$1" 2>/dev/null',
  'if [ -n "$2" ]; then',
  '  tries=0; while kill -0 "-$1" 2>/dev/null && [ $tries -lt 100 ]; do sleep 0.1; tries=$((tries + 1)); done',
  '  rm -rf -- "$2"',
  "fi",
].join("\n");

interface Unrefable {
  unref?: () => void;
}

function unrefAll(child: ChildProcess): void {
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as Unrefable | null)?.unref?.();
}

function startWatchdog(groupId: number, orphanDirectory: string | undefined): ChildProcess {
  const watchdog = spawn(
    "/bin/sh",
    ["-c", watchdogScript, "postd-watchdog", String(groupId), orphanDirectory ?? ""],
    {
      stdio: ["pipe", "ignore", "ignore"],
      detached: true,
    },
  );
  watchdog.on("error", () => {});
  watchdog.stdin?.on("error", () => {});
  unrefAll(watchdog);
  return watchdog;
}

/**
 * Spawns a process as the leader of a new process group (so a SIGKILL reaches everything it started, e.g. the
 * node process `tsx` launches), guarded by a watchdog and by the exit handler. Stdout and stderr are piped; the
 * child does not keep the event loop alive.
 */
export function spawnGroup(options: SpawnGroupOptions): Promise<SpawnedGroup> {
  const child = spawn(options.command, [...options.args], {
    env: options.env ?? process.env,
    cwd: options.cwd,
    uid: options.uid,
    gid: options.gid,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    child.once("error", (error) => reject(new Error(`cannot start ${options.command}`, { cause: error })));
    child.once("spawn", () => {
      const pid = child.pid;
      if (pid === undefined) {
        reject(new Error(`${options.command} started without a pid`));
        return;
      }
      trackGroup(pid);
      const watchdog = startWatchdog(pid, options.orphanDirectory);
      const exited = new Promise<ExitStatus>((resolveExit) => {
        child.once("exit", (code, signal) => {
          untrackGroup(pid);
          watchdog.kill("SIGKILL");
          resolveExit({ code, signal });
        });
      });
      unrefAll(child);
      resolve({ child, pid, exited });
    });
  });
}

/**
 * Stops a group: `signal` to the leader (its own clean shutdown; SIGKILL goes to the whole group), SIGKILL to the
 * group if the leader is still there after `timeoutMs`, then waits (bounded) until no process of the group is
 * left, so that a restart finds the port and the data directory free.
 */
export async function stopGroup(
  group: SpawnedGroup,
  options: { signal: NodeJS.Signals; timeoutMs: number },
): Promise<ExitStatus> {
  if (options.signal === "SIGKILL") signalGroup(group.pid, "SIGKILL");
  else group.child.kill(options.signal);
  const timer = setTimeout(() => signalGroup(group.pid, "SIGKILL"), options.timeoutMs);
  const status = await group.exited;
  clearTimeout(timer);
  signalGroup(group.pid, "SIGKILL");
  const deadline = Date.now() + 5_000;
  while (isGroupAlive(group.pid) && Date.now() < deadline) await delay(20);
  return status;
}
