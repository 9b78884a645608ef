import { expect } from "vitest";
import type { ChaosSystem } from "./chaos-system";
import type { Destination } from "./connect-accounts";
import { type EndState, readEndState, waitForQuiescence } from "./end-state";
import type { Answer } from "./http";
import type { LoadGenerator } from "./load-generator";
import { progress } from "./progress";

/**
 * The end of every scenario: wait until nothing of the run is on its way any more, read the end state from
 * Postgres and the sim, report it, and assert there is nothing wrong in it.
 */
export async function expectCleanEndState(
  chaos: ChaosSystem,
  input: {
    label: string;
    loads: readonly LoadGenerator[];
    destinations: readonly Destination[];
    allowed: readonly string[];
    quiescenceTimeoutMs?: number;
  },
): Promise<EndState> {
  await waitForQuiescence(chaos, { label: input.label, timeoutMs: input.quiescenceTimeoutMs ?? 120_000 });
  const end = await readEndState(chaos, input);
  progress(`end state of ${input.label}`, { ...end, problems: end.problems.slice(0, 20) });
  expect(end.problems).toEqual([]);
  return end;
}

/**
 * A refused request during an outage must be a quick, honest 503: `application/problem+json` with the
 * UNAVAILABLE code, answered well before the client gives up (the gateway answers, it does not hang).
 */
export function expectHonest503s(answers: readonly Answer[], input: { maxMs: number }): void {
  progress("refused answers", {
    count: answers.length,
    statuses: [...new Set(answers.map((answer) => answer.status))],
    slowestMs: Math.round(Math.max(0, ...answers.map((answer) => answer.ms))),
  });
  const wrong = answers.filter((answer) => {
    const body = answer.body as { code?: string; status?: number } | undefined;
    return (
      answer.status !== 503 ||
      !answer.contentType.startsWith("application/problem+json") ||
      body?.code !== "UNAVAILABLE" ||
      answer.ms > input.maxMs
    );
  });
  expect(
    wrong.slice(0, 5).map((answer) => ({
      status: answer.status,
      contentType: answer.contentType,
      ms: Math.round(answer.ms),
      body: answer.body,
      error: answer.error,
    })),
  ).toEqual([]);
}

/** Every answer that was not a 202, from every request of the loads. */
export function refusedAnswers(loads: readonly LoadGenerator[]): Answer[] {
  return loads.flatMap((load) =>
    load.sent.flatMap((request) => request.answers.filter((a) => a.status !== 202)),
  );
}

/** Statuses a target may end in when nothing refuses it for good: published, or (never twice) unconfirmed. */
export const publishedOrUnconfirmed = ["published", "unconfirmed"] as const;

/**
 * The production retry schedule (1 s, 3 s, 9 s, 27 s) in real time under the chaos systems' TIME_SCALE, for the
 * outage scenarios: at a scaled schedule (0.4 s in all) any outage would exhaust every attempt budget, which
 * would test the scale, not the system.
 */
export function realRetrySchedule(timeScale: number): Record<string, string> {
  return {
    PUBLISH_RETRY_DELAYS_MS: [1_000, 3_000, 9_000, 27_000].map((ms) => Math.round(ms / timeScale)).join(","),
  };
}

/**
 * Runs `body`; when it fails, writes the last lines of every service's output to stderr first (the services log
 * warnings and errors only), so a failed run says what the system saw, not only what the client saw.
 */
export async function withServiceOutputOnFailure<T>(chaos: ChaosSystem, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    for (const [service, spawned] of chaos.system.processes) {
      const tail = spawned.output().split("\n").slice(-40).join("\n");
      progress(`output of ${service} (last 40 lines)`);
      process.stderr.write(`${tail}\n`);
    }
    throw error;
  }
}
