import { waitUntil } from "../wait-until";
import { signalGroup } from "./exit-cleanup";
import { OutputBuffer } from "./output-buffer";
import { type ExitStatus, spawnGroup, stopGroup } from "./spawn-group";

export type { ExitStatus } from "./spawn-group";

export interface SpawnServiceOptions {
  readonly command: string;
  readonly args?: readonly string[];
  /** merged over process.env; a key set to undefined is removed */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  /** resolve only once the output matches this pattern, or once this check returns true (polled) */
  readonly readyWhen?: RegExp | (() => Promise<boolean>);
  /** default 30 s */
  readonly readyTimeoutMs?: number;
  /** how long stop() waits after SIGTERM before it sends SIGKILL; default 10 s */
  readonly stopTimeoutMs?: number;
}

export interface SpawnedService {
  readonly pid: number;
  /** stdout and stderr so far, interleaved in arrival order */
  output(): string;
  /** resolves with the first match once the output matches (fails if the process ends first) */
  waitForOutput(pattern: RegExp, options?: { timeoutMs?: number }): Promise<RegExpMatchArray>;
  /**
   * Sends a signal (default SIGKILL). SIGKILL goes to the whole process group, so nothing the service started
   * survives (like a crashed container); any other signal goes to the spawned process alone, as a supervisor
   * sends it.
   */
  kill(signal?: NodeJS.Signals): void;
  /** resolves when the process has exited (at once if it already has) */
  waitForExit(): Promise<ExitStatus>;
  /** SIGTERM, then SIGKILL to the group after stopTimeoutMs; resolves with how it ended */
  stop(): Promise<ExitStatus>;
}

function mergeEnv(overrides: SpawnServiceOptions["env"]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/**
 * Runs a real app process for a test (e.g. `process.execPath` with ["--import", "tsx", "src/main.ts"], which
 * keeps one process where the `tsx` CLI would start two) and resolves once it is ready. The process is killed
 * when the test process exits, even if the test forgot to stop it.
 */
export async function spawnService(options: SpawnServiceOptions): Promise<SpawnedService> {
  const group = await spawnGroup({
    command: options.command,
    args: options.args ?? [],
    env: mergeEnv(options.env),
    cwd: options.cwd,
  });
  const output = new OutputBuffer();
  output.attach(group.child);
  let hasExited = false;
  void group.exited.then(() => {
    hasExited = true;
  });
  const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  const service: SpawnedService = {
    pid: group.pid,
    output: () => output.text(),
    waitForOutput: (pattern, waitOptions) =>
      output.waitFor(pattern, { timeoutMs: waitOptions?.timeoutMs ?? 30_000, exited: group.exited }),
    kill(signal = "SIGKILL") {
      if (signal === "SIGKILL") signalGroup(group.pid, "SIGKILL");
      else group.child.kill(signal);
    },
    waitForExit: () => group.exited,
    stop: () => stopGroup(group, { signal: "SIGTERM", timeoutMs: stopTimeoutMs }),
  };
  try {
    await waitForReady(options, service, () => hasExited);
  } catch (error) {
    await stopGroup(group, { signal: "SIGKILL", timeoutMs: stopTimeoutMs });
    throw new Error(`${options.command} did not become ready; its output:\n${output.tail()}`, {
      cause: error,
    });
  }
  return service;
}

async function waitForReady(
  options: SpawnServiceOptions,
  service: SpawnedService,
  hasExited: () => boolean,
): Promise<void> {
  const { readyWhen } = options;
  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  if (!readyWhen) return;
  if (readyWhen instanceof RegExp) {
    await service.waitForOutput(readyWhen, { timeoutMs });
    return;
  }
  await waitUntil(
    async () => {
      if (hasExited()) throw new Error("the process exited before it was ready");
      return readyWhen();
    },
    { what: `${options.command} to be ready`, timeoutMs },
  );
}
