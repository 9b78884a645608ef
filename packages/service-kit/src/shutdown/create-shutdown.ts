import type { Logger } from "pino";

/**
 * The fixed order of a graceful stop: stop taking new work (HTTP listeners, workers, NATS subscriptions), let the
 * work in hand finish, close clients (databases, Redis, NATS), then flush telemetry so the last spans and logs of
 * all that still leave.
 */
export const shutdownPhases = ["stop-intake", "drain", "close-clients", "flush-telemetry"] as const;
export type ShutdownPhase = (typeof shutdownPhases)[number];

export interface ShutdownOptions {
  logger: Logger;
  /** how long the whole shutdown may take before the process exits with status 1 */
  deadlineMs: number;
  /** defaults to `process.exit`; tests inject a spy */
  exit?: (code: number) => void;
}

export interface Shutdown {
  /** adds a step; steps of one phase run concurrently, phases run one after another */
  register(phase: ShutdownPhase, name: string, step: () => Promise<void>): void;
  /** runs every step once; later calls return the same promise. Resolves when done (or the deadline passed). */
  run(reason: string): Promise<void>;
  /**
   * Runs the shutdown on SIGTERM or SIGINT, then exits 0 (or 1 past the deadline); a second signal while it runs
   * exits 1 at once. Returns a function removing the handlers.
   */
  installSignalHandlers(): () => void;
}

interface Step {
  name: string;
  run: () => Promise<void>;
}

/** What one shutdown knows: its steps by phase and those started but not finished (`phase/name`). */
interface ShutdownState {
  log: Logger;
  deadlineMs: number;
  exit: (code: number) => void;
  steps: Map<ShutdownPhase, Step[]>;
  pending: Set<string>;
}

/** A graceful shutdown in fixed phases, with one overall deadline. */
export function createShutdown(options: ShutdownOptions): Shutdown {
  const state: ShutdownState = {
    log: options.logger.child({ component: "shutdown" }),
    deadlineMs: options.deadlineMs,
    exit: options.exit ?? ((code: number) => process.exit(code)),
    steps: new Map(shutdownPhases.map((phase) => [phase, []])),
    pending: new Set(),
  };
  let running: Promise<void> | undefined;

  function run(reason: string): Promise<void> {
    running ??= runWithDeadline(state, reason);
    return running;
  }

  function onSignal(signal: NodeJS.Signals): void {
    if (running) {
      state.log.warn({ signal, pending: [...state.pending] }, "second signal during shutdown; exiting now");
      state.exit(1);
      return;
    }
    void run(signal).then(() => state.exit(0));
  }

  return {
    register(phase, name, step) {
      if (running) throw new Error(`cannot register shutdown step ${name}: shutdown already started`);
      const phaseSteps = state.steps.get(phase) ?? [];
      if (phaseSteps.some((existing) => existing.name === name)) {
        throw new Error(`shutdown step ${phase}/${name} is registered twice`);
      }
      phaseSteps.push({ name, run: step });
    },
    run,
    installSignalHandlers() {
      process.on("SIGTERM", onSignal);
      process.on("SIGINT", onSignal);
      return () => {
        process.off("SIGTERM", onSignal);
        process.off("SIGINT", onSignal);
      };
    },
  };
}

async function runWithDeadline(state: ShutdownState, reason: string): Promise<void> {
  const startedAt = performance.now();
  state.log.info({ reason, deadlineMs: state.deadlineMs }, "shutdown started");
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"deadline">((resolve) => {
    timer = setTimeout(() => resolve("deadline"), state.deadlineMs);
  });
  const outcome = await Promise.race([runPhases(state).then(() => "done" as const), deadline]);
  clearTimeout(timer);
  if (outcome === "deadline") {
    const pending = [...state.pending];
    state.log.error({ reason, deadlineMs: state.deadlineMs, pending }, "shutdown deadline exceeded");
    state.exit(1);
    return;
  }
  state.log.info({ reason, durationMs: elapsedSince(startedAt) }, "shutdown complete");
}

async function runPhases(state: ShutdownState): Promise<void> {
  for (const phase of shutdownPhases) {
    const phaseSteps = state.steps.get(phase) ?? [];
    for (const step of phaseSteps) state.pending.add(`${phase}/${step.name}`);
    await Promise.all(phaseSteps.map((step) => runStep(state, phase, step)));
  }
}

async function runStep(state: ShutdownState, phase: ShutdownPhase, step: Step): Promise<void> {
  const startedAt = performance.now();
  try {
    await step.run();
    state.log.info({ phase, step: step.name, durationMs: elapsedSince(startedAt) }, "shutdown step done");
  } catch (error) {
    const durationMs = elapsedSince(startedAt);
    state.log.error({ phase, step: step.name, durationMs, err: error }, "shutdown step failed");
  } finally {
    state.pending.delete(`${phase}/${step.name}`);
  }
}

function elapsedSince(startedAt: number): number {
  return Math.round(performance.now() - startedAt);
}
