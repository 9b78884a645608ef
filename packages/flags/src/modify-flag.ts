import type { KV } from "@nats-io/kv";
import { AppError, validationFailed, zodProblems } from "@postd/service-kit";
import { blankFlagValue, FlagValue } from "./flag-value";

/** How many times a read-modify-write is retried when another writer changed the flag in between. */
const maxAttempts = 10;

export interface ModifiedFlag {
  value: FlagValue;
  revision: number;
}

/**
 * Read-modify-write with compare-and-set: reads the flag (a missing, deleted or invalid one starts from
 * `blankFlagValue`, on for nobody), applies `change`, and writes it only if nobody wrote in between
 * (`update` on the read revision, or `create` when there was none); otherwise reads again. Two admins allowing two
 * tenants at once both land.
 */
export async function modifyFlag(
  kv: KV,
  name: string,
  change: (current: FlagValue) => FlagValue,
): Promise<ModifiedFlag> {
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const entry = await kv.get(name);
    const live = entry?.operation === "PUT" ? FlagValue.safeParse(safeJson(entry)) : null;
    const current = live?.success ? live.data : blankFlagValue;
    const next = FlagValue.safeParse(change(structuredClone(current)));
    if (!next.success) throw validationFailed(zodProblems(next.error));
    const value = next.data;
    const payload = JSON.stringify(value);
    try {
      const revision =
        entry === null ? await kv.create(name, payload) : await kv.update(name, payload, entry.revision);
      return { value, revision };
    } catch (error) {
      if (!isConflict(error) || attempt === maxAttempts) {
        if (isConflict(error)) {
          throw new AppError("CONFLICT", `flag ${name} kept changing while it was updated; try again`, {
            cause: error,
          });
        }
        throw error;
      }
    }
  }
  throw new AppError("CONFLICT", `flag ${name} kept changing while it was updated; try again`);
}

/** JetStream's "wrong last sequence" (10071, or 10164 when unknown): somebody else wrote the key first. */
export function isConflict(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return code === 10071 || code === 10164 || /wrong last sequence/i.test(error.message);
}

function safeJson(entry: { json<T>(): T }): unknown {
  try {
    return entry.json<unknown>();
  } catch {
    return undefined;
  }
}
