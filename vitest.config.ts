import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: ["packages/*/vitest.config.ts", "apps/*/vitest.config.ts", "scripts/vitest.config.ts"],
    // Tests are mostly I/O bound (real servers); more workers than the 2 cores keeps the suite short.
    maxWorkers: 4,
  },
});
