import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * The fault-injection suite (`pnpm test:chaos`, docs/reliability.md): each `chaos/*.chaos.ts` runs the whole
 * system as real processes against private servers it stops, wipes and kills. Files run one after another —
 * they are CPU-heavy on their own, and a scenario's timing must not depend on another's load.
 */
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  test: {
    name: "chaos",
    include: ["chaos/**/*.chaos.ts"],
    testTimeout: 300_000,
    hookTimeout: 180_000,
    pool: "forks",
    fileParallelism: false,
    maxWorkers: 1,
  },
});
