import { rm } from "node:fs/promises";
import { trackDirectory, untrackDirectory } from "../process/exit-cleanup";
import { OutputBuffer } from "../process/output-buffer";
import { type SpawnedGroup, spawnGroup, stopGroup } from "../process/spawn-group";
import { waitUntil } from "../wait-until";

/** How to run one kind of server; the handle below does the rest. */
export interface ServerSpec {
  /** for messages: "redis", "nats", "postgres" */
  readonly kind: string;
  readonly port: number;
  readonly url: string;
  /** a temporary directory the server owns; deleted by `dispose()` and on process exit */
  readonly dataDir: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly uid?: number;
  readonly gid?: number;
  /** the signal for a clean, fast shutdown */
  readonly stopSignal: NodeJS.Signals;
  /** resolves true once the server answers its clients */
  readonly isReady: () => Promise<boolean>;
  readonly startTimeoutMs?: number;
}

/** A server of our own on a free port, for tests that stop, kill, wipe or slow it. */
export interface PrivateServer {
  readonly kind: string;
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** the server's process id while it runs */
  readonly pid: number | undefined;
  readonly running: boolean;
  /** everything the server printed since it was first started */
  output(): string;
  /** starts it again after stop() or kill(), same port, same data; waits until it answers */
  start(): Promise<void>;
  /** clean shutdown (the server's own signal); the data stays for start() */
  stop(): Promise<void>;
  /** SIGKILL to the server and every process it started, like a crash; the data stays for start() */
  kill(): Promise<void>;
  /** stop() then start() */
  restart(): Promise<void>;
  /** kill and delete its data directory; call it in afterAll */
  dispose(): Promise<void>;
}

const stopTimeoutMs = 15_000;

/** Spawns the server and resolves once it answers; kills it and fails with its output if it does not. */
async function launch(spec: ServerSpec, output: OutputBuffer): Promise<SpawnedGroup> {
  const group = await spawnGroup({
    command: spec.command,
    args: spec.args,
    env: spec.env,
    cwd: spec.dataDir,
    uid: spec.uid,
    gid: spec.gid,
    orphanDirectory: spec.dataDir,
  });
  output.attach(group.child);
  let exited = false;
  void group.exited.then(() => {
    exited = true;
  });
  try {
    await waitUntil(
      async () => {
        if (exited) throw new Error(`${spec.kind} exited while starting`);
        return spec.isReady();
      },
      { what: `${spec.kind} on port ${spec.port}`, timeoutMs: spec.startTimeoutMs ?? 30_000 },
    );
    return group;
  } catch (error) {
    await stopGroup(group, { signal: "SIGKILL", timeoutMs: stopTimeoutMs });
    throw new Error(`private ${spec.kind} did not start; its output:\n${output.tail()}`, { cause: error });
  }
}

export function createPrivateServer(spec: ServerSpec): PrivateServer {
  const output = new OutputBuffer();
  let current: SpawnedGroup | undefined;
  let starting: Promise<void> | undefined;
  trackDirectory(spec.dataDir);

  function start(): Promise<void> {
    if (current) return Promise.resolve();
    starting ??= launch(spec, output)
      .then((group) => {
        current = group;
        // a server that dies on its own is no longer running
        void group.exited.then(() => {
          if (current === group) current = undefined;
        });
      })
      .finally(() => {
        starting = undefined;
      });
    return starting;
  }

  async function stopWith(signal: NodeJS.Signals): Promise<void> {
    const group = current;
    if (!group) return;
    await stopGroup(group, { signal, timeoutMs: stopTimeoutMs });
    if (current === group) current = undefined;
  }

  return {
    kind: spec.kind,
    url: spec.url,
    port: spec.port,
    dataDir: spec.dataDir,
    get pid() {
      return current?.pid;
    },
    get running() {
      return current !== undefined;
    },
    output: () => output.text(),
    start,
    stop: () => stopWith(spec.stopSignal),
    kill: () => stopWith("SIGKILL"),
    async restart() {
      await stopWith(spec.stopSignal);
      await start();
    },
    async dispose() {
      await stopWith("SIGKILL");
      await rm(spec.dataDir, { recursive: true, force: true, maxRetries: 3 });
      untrackDirectory(spec.dataDir);
    },
  };
}
