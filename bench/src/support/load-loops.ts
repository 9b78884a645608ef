import { setTimeout as sleep } from "node:timers/promises";
import { countStatus, type StatusCounts } from "./stats";

/** Sends request number `sequence`; resolves with the HTTP status (0: no answer). */
export type SendRequest = (sequence: number, scheduledAtEpochMs: number) => Promise<number>;

export interface LoopResult {
  sent: number;
  statuses: StatusCounts;
  /** per answered request: closed loop from the actual send, open loop from the scheduled send time */
  latenciesMs: number[];
  /** from the first send to the last answer */
  elapsedMs: number;
  /** 2xx answers per second over elapsedMs */
  okPerSecond: number;
}

/** `performance.now()` as wall-clock epoch milliseconds (comparable with Postgres `now()` on this machine). */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Closed loop: `concurrency` virtual users, each sending its next request as soon as the previous one was
 * answered, until `durationMs` has passed. Measures capacity: the answer rate at that concurrency.
 */
export async function runClosedLoop(options: {
  concurrency: number;
  durationMs: number;
  send: SendRequest;
}): Promise<LoopResult> {
  const statuses: StatusCounts = {};
  const latenciesMs: number[] = [];
  let next = 0;
  let ok = 0;
  const started = performance.now();
  const endAt = started + options.durationMs;
  let lastAnswer = started;
  const user = async () => {
    while (performance.now() < endAt) {
      const sequence = next++;
      const sentAt = performance.now();
      const status = await options.send(sequence, performance.timeOrigin + sentAt);
      lastAnswer = performance.now();
      latenciesMs.push(lastAnswer - sentAt);
      countStatus(statuses, status);
      if (status >= 200 && status < 300) ok++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, user));
  const elapsedMs = lastAnswer - started;
  return { sent: next, statuses, latenciesMs, elapsedMs, okPerSecond: ok / (elapsedMs / 1000) };
}

/**
 * Open loop, evenly paced: request i is due at `start + i / rate`, sent then whatever is still in flight, and its
 * latency counts from that scheduled time — so a stalled system shows in the figures instead of silently slowing
 * the generator down (no coordinated omission).
 */
export async function runOpenLoop(options: {
  ratePerSecond: number;
  durationMs: number;
  send: SendRequest;
}): Promise<LoopResult> {
  const statuses: StatusCounts = {};
  const latenciesMs: number[] = [];
  const total = Math.max(1, Math.floor((options.ratePerSecond * options.durationMs) / 1000));
  const intervalMs = 1000 / options.ratePerSecond;
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  let ok = 0;
  let lastAnswer = started;
  for (let sequence = 0; sequence < total; ) {
    const now = performance.now();
    for (; sequence < total && started + sequence * intervalMs <= now; sequence++) {
      const scheduled = started + sequence * intervalMs;
      const request = options.send(sequence, performance.timeOrigin + scheduled).then((status) => {
        lastAnswer = performance.now();
        latenciesMs.push(lastAnswer - scheduled);
        countStatus(statuses, status);
        if (status >= 200 && status < 300) ok++;
        inFlight.delete(request);
      });
      inFlight.add(request);
    }
    await sleep(Math.max(0, Math.min(5, started + sequence * intervalMs - performance.now())));
  }
  await Promise.all(inFlight);
  const elapsedMs = lastAnswer - started;
  return { sent: total, statuses, latenciesMs, elapsedMs, okPerSecond: ok / (elapsedMs / 1000) };
}
