import { defineProject } from "vitest/config";

/**
 * The test settings every package shares. Tests talk to real Postgres, Redis and NATS, so they get
 * generous timeouts; each file isolates itself (own database, Redis prefix, NATS prefix) so files run in parallel.
 */
export function definePackageTests(name: string) {
  return defineProject({
    test: {
      name,
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      pool: "forks",
    },
  });
}
