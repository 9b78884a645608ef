import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { resolve } from "node:path";

export const resultsDir = resolve(import.meta.dirname, "../../results");

/** Writes `<name>.json` and `<name>.md` into bench/results. */
export function writeResults(name: string, report: unknown, markdown: string): void {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(resolve(resultsDir, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(resolve(resultsDir, `${name}.md`), markdown);
}

/** Where the figures come from: every result file starts with it. */
export function machineFacts() {
  return {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(totalmem() / 2 ** 30),
  };
}
