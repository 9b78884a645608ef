import type { Platform } from "@postd/contracts";

/** The refresh timing knobs from config, in milliseconds. */
export interface RefreshSettings {
  /** the margin per platform (Meta long-lived tokens have their own) */
  marginMs: (platform: Platform) => number;
  jitterMs: number;
  reauthWarningMs: number;
  lockTtlMs: number;
  claimStaleMs: number;
  waitTimeoutMs: number;
  /** how often a waiter looks at the row while another process refreshes */
  pollIntervalMs: number;
  /** a token refreshed more recently than this is not force-refreshed again (a burst of 401s refreshes once) */
  forceRefreshMinAgeMs: number;
  /** multiplies retry backoffs and the reconcile interval */
  timeScale: number;
}
