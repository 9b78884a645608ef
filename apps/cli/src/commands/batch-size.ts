import { UsageError } from "../cli-error";
import type { OptionSpec } from "../command";

export const batchSizeOption: OptionSpec = {
  name: "batch-size",
  value: "<n>",
  description: "rows per batch (1-10000, default 500)",
};

export function parseBatchSize(options: Record<string, string | undefined>): number {
  const raw = options["batch-size"];
  if (raw === undefined) return 500;
  const size = /^\d{1,5}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(size >= 1 && size <= 10_000))
    throw new UsageError(`--batch-size takes a number 1-10000, not "${raw}"`);
  return size;
}
