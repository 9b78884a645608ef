/** `"ok"`, or `"down: <reason>"`. */
export type CheckOutcome = string;

/**
 * Runs every check at once, each held to the timeout, and never rejects: a check that throws or hangs is reported
 * as `down: <reason>` under its name.
 */
export async function runReadinessChecks(
  checks: Record<string, () => Promise<void>>,
  options: { timeoutMs: number },
): Promise<Record<string, CheckOutcome>> {
  const entries = await Promise.all(
    Object.entries(checks).map(
      async ([name, check]) => [name, await runOne(check, options.timeoutMs)] as const,
    ),
  );
  return Object.fromEntries(entries);
}

async function runOne(check: () => Promise<void>, timeoutMs: number): Promise<CheckOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([check(), timeout]);
    return "ok";
  } catch (error) {
    const reason = error instanceof Error && error.message ? error.message : String(error);
    return `down: ${reason.slice(0, 200)}`;
  } finally {
    clearTimeout(timer);
  }
}
