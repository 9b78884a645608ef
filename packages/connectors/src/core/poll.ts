import type { Clock } from "./clock";

export interface PollOptions<T> {
  clock: Clock;
  /** fetches the current state */
  check: () => Promise<T>;
  /** true when polling may stop */
  done: (state: T) => boolean;
  intervalMs: number;
  /** gives up after this many checks and returns the last state */
  maxAttempts: number;
  signal?: AbortSignal;
}

/** Polls an asynchronous platform state (IG container, TikTok publish, LinkedIn video) until done or out of tries. */
export async function pollUntil<T>(options: PollOptions<T>): Promise<{ state: T; done: boolean }> {
  let state = await options.check();
  for (let attempt = 1; attempt < options.maxAttempts && !options.done(state); attempt++) {
    await options.clock.sleep(options.intervalMs, options.signal);
    state = await options.check();
  }
  return { state, done: options.done(state) };
}
