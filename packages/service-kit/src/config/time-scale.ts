/**
 * Scales a delay, backoff or schedule by the configured `TIME_SCALE` (1 in production; tests run with e.g. 0.01
 * so a 27 s backoff takes 270 ms). Never negative; rounded to whole milliseconds.
 */
export function scaleMs(ms: number, timeScale: number): number {
  return Math.max(0, Math.round(ms * timeScale));
}
