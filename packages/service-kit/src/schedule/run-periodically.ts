import type { Logger } from "pino";

export interface PeriodicTask {
  /** stops the timer and waits for a run in progress */
  stop(): Promise<void>;
}

/**
 * Runs `task` now and then every `intervalMs` (already scaled by TIME_SCALE), one run at a time, until stopped.
 * A failing run is logged and the schedule carries on. The timer does not keep the process alive.
 */
export function runPeriodically(options: {
  name: string;
  intervalMs: number;
  logger: Logger;
  task: () => Promise<void>;
}): PeriodicTask {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();

  const tick = () => {
    running = options
      .task()
      .catch((error: unknown) =>
        options.logger.warn({ err: error, task: options.name }, "periodic task failed"),
      )
      .finally(() => {
        if (!stopped) {
          timer = setTimeout(tick, Math.max(1, options.intervalMs));
          timer.unref();
        }
      });
  };
  tick();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
