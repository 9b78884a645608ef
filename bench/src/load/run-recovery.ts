import { setTimeout as sleep } from "node:timers/promises";
import { type PacedRun, runPaced } from "../publish/end-to-end";
import type { LoadSystem } from "./open-load-system";

/** The gateway's rate limit counts fixed windows of a minute aligned to the clock. */
const rateWindowMs = 60_000;

export interface RecoveryRun {
  /** how long the tail waited for the rate-limit window of the last 429 to end (what its Retry-After said) */
  waitedForRateWindowMs: number;
  paced: PacedRun;
}

/**
 * Recovery after the overload (run once its queue has drained): a client that was answered 429 comes back when
 * the window ends, as Retry-After told it; then a paced open loop at `ratePerSecond` should publish as normal.
 */
export async function runRecovery(options: {
  system: LoadSystem;
  last429At: number | null;
  ratePerSecond: number;
  durationMs: number;
  settleTimeoutMs: number;
}): Promise<RecoveryRun> {
  const { bench, publisher, ledger } = options.system;
  const windowEnd =
    options.last429At === null ? 0 : (Math.floor(options.last429At / rateWindowMs) + 1) * rateWindowMs;
  const waitedForRateWindowMs = Math.max(0, Math.ceil(windowEnd + 250 - Date.now()));
  await sleep(waitedForRateWindowMs);
  const paced = await runPaced({
    publisher,
    ledger,
    sql: bench.sql,
    phase: "recovery",
    ratePerSecond: options.ratePerSecond,
    durationMs: options.durationMs,
    settleTimeoutMs: options.settleTimeoutMs,
  });
  return { waitedForRateWindowMs, paced };
}
