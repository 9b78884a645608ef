/** A positive number from the benchmark's environment (`BENCH_*`), or its default. */
export function benchNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

/** A positive number from the benchmark's environment, or undefined when unset (the bench then derives it). */
export function benchOptionalNumber(name: string): number | undefined {
  const raw = process.env[name];
  return raw === undefined || raw.trim() === "" ? undefined : benchNumber(name, 0);
}

export function benchString(name: string, fallback: string): string {
  const raw = process.env[name];
  return raw === undefined || raw.trim() === "" ? fallback : raw.trim();
}

export function log(line: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
}
