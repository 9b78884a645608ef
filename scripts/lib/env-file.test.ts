import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { mergeEnv, parseEnvFile, readEnvFile } from "./env-file";
import { infraUrls, localDefaults, withInfraDefaults } from "./local-config";

describe("parseEnvFile", () => {
  it("reads assignments, comments, export and both kinds of quotes", () => {
    const { values, problems } = parseEnvFile(
      [
        "# a comment",
        "",
        "DATABASE_URL=postgres://postgres@127.0.0.1:5432/postd",
        "export LOG_LEVEL = debug  # inline comment",
        "PASSWORD=abc#def",
        `GREETING="hello\\nworld \\"quoted\\" # not a comment"`,
        "LITERAL='keep \\n as is'",
        "EMPTY=",
        "  INDENTED=yes\r",
      ].join("\n"),
    );
    expect(problems).toEqual([]);
    expect(values).toEqual({
      DATABASE_URL: "postgres://postgres@127.0.0.1:5432/postd",
      LOG_LEVEL: "debug",
      PASSWORD: "abc#def",
      GREETING: 'hello\nworld "quoted" # not a comment',
      LITERAL: "keep \\n as is",
      EMPTY: "",
      INDENTED: "yes",
    });
  });

  it("reports lines it cannot read, with their numbers, and keeps the rest", () => {
    const { values, problems } = parseEnvFile('GOOD=1\nnot an assignment\n1BAD=2\nOPEN="never closed\n');
    expect(values).toEqual({ GOOD: "1" });
    expect(problems).toEqual([
      'line 2: expected KEY=value, got "not an assignment"',
      'line 3: expected KEY=value, got "1BAD=2"',
      'line 4: expected KEY=value, got "OPEN="never closed"',
    ]);
  });
});

describe("mergeEnv and defaults", () => {
  it("lets variables already set win over the file", () => {
    const merged = mergeEnv({
      fileValues: { REDIS_URL: "redis://file:6379", LOG_LEVEL: "debug" },
      processEnv: { REDIS_URL: "redis://shell:6379", UNSET: undefined },
    });
    expect(merged).toEqual({ REDIS_URL: "redis://shell:6379", LOG_LEVEL: "debug" });
  });

  it("fills in the compose servers where nothing is set, and takes the first of several NATS servers", () => {
    const env = withInfraDefaults({ REDIS_URL: "", NATS_URL: "nats://a:4222, nats://b:4222" });
    expect(env.REDIS_URL).toBe(localDefaults.REDIS_URL);
    expect(infraUrls(env)).toEqual({
      databaseUrl: localDefaults.DATABASE_URL,
      redisUrl: localDefaults.REDIS_URL,
      natsUrl: "nats://a:4222",
    });
  });
});

describe(".env.example", () => {
  it("reads without problems and names the servers the scripts check", () => {
    const { values, problems } = readEnvFile(fileURLToPath(new URL("../../.env.example", import.meta.url)));
    expect(problems).toEqual([]);
    expect(values).toMatchObject({
      DATABASE_URL: localDefaults.DATABASE_URL,
      REDIS_URL: localDefaults.REDIS_URL,
      NATS_URL: localDefaults.NATS_URL,
      // empty: `pnpm start` decides (platform-sim unless a platform has credentials)
      PLATFORM_SIM_URL: "",
      PLATFORM_SIM_PORT: "4010",
      GATEWAY_PORT: "3000",
    });
  });
});
