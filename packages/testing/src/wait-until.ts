import { setTimeout as delay } from "node:timers/promises";

export interface WaitUntilOptions {
  /** what is awaited, for the timeout message */
  readonly what: string;
  readonly timeoutMs: number;
  readonly intervalMs?: number;
}

/**
 * Polls `check` until it returns true. Meant for fixtures waiting on an external server that offers no event to
 * wait for (a port starting to answer); tests should wait on events or `vi.waitFor` instead.
 * An exception thrown by `check` stops the wait and propagates (e.g. "the process exited").
 */
export async function waitUntil(check: () => Promise<boolean>, options: WaitUntilOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const intervalMs = options.intervalMs ?? 50;
  for (;;) {
    if (await check()) return;
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}`);
    }
    await delay(intervalMs);
  }
}
