export type CheckStatus = "ok" | "warn" | "down";

/** What one server check found, and what to do about it. */
export interface CheckResult {
  /** "PostgreSQL", "Redis", "NATS" */
  readonly server: string;
  /** the docker-compose.yml service that provides it */
  readonly composeService: string;
  readonly status: CheckStatus;
  /** e.g. "PostgreSQL 15.4 at 127.0.0.1:5432, database postd exists" */
  readonly summary: string;
  /** what to do, when something is to be done */
  readonly advice?: string;
  /** the server answers but the database the apps use is missing (PostgreSQL only) */
  readonly databaseMissing?: boolean;
}

const marks: Record<CheckStatus, string> = { ok: "✅", warn: "⚠️ ", down: "❌" };

export function formatCheck(result: CheckResult): string {
  const advice = result.advice ? ` — ${result.advice}` : "";
  return `${marks[result.status]} ${result.summary}${advice}`;
}

/** "15.4" ≥ "15"? Compares the leading numeric parts; anything unparsable counts as 0. */
export function isVersionAtLeast(version: string, minimum: string): boolean {
  const parts = (text: string) => text.split(/[.\s-]/).map((part) => Number.parseInt(part, 10) || 0);
  const have = parts(version);
  const need = parts(minimum);
  for (let index = 0; index < need.length; index++) {
    const difference = (have[index] ?? 0) - (need[index] ?? 0);
    if (difference !== 0) return difference > 0;
  }
  return true;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === "string" && !error.message.includes(code)
      ? `${code}: ${error.message}`
      : error.message;
  }
  return String(error);
}

/** The port answered, but not in the protocol expected: some other server sits there. */
export class UnexpectedReply extends Error {
  override readonly name = "UnexpectedReply";
}

/** "does not answer" for a connection that failed; "answers, but not as <server>" for another server. */
export function describeUnreachable(options: { server: string; where: string; error: unknown }): string {
  const { server, where, error } = options;
  if (error instanceof UnexpectedReply) return `${where} answers, but not as ${server} (${error.message})`;
  return `${server} at ${where} does not answer (${describeError(error)})`;
}
