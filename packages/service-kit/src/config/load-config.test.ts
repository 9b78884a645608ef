import { describe, expect, it } from "vitest";
import { z } from "zod";
import { baseServiceConfig } from "./base-service-config";
import { envSecret } from "./env-helpers";
import { ConfigError, configErrorExitCode, loadConfig, loadConfigOrExit } from "./load-config";

const AppConfig = z.object({
  ...baseServiceConfig,
  API_KEY_PEPPER: envSecret({ minBytes: 16 }),
  PUBLIC_URL: z.string().url(),
});

const validEnv = { API_KEY_PEPPER: "0123456789abcdef", PUBLIC_URL: "https://api.example.com" };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(AppConfig, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.variable}: ${p.message}`);
    throw error;
  }
  throw new Error("expected the configuration to be refused");
}

describe("loadConfig", () => {
  it("applies every documented default", () => {
    const config = loadConfig(AppConfig, validEnv);
    expect(config).toMatchObject({
      NODE_ENV: "production",
      LOG_LEVEL: "info",
      DATABASE_URL: "postgres://postgres@127.0.0.1:5432/postd",
      REDIS_URL: "redis://127.0.0.1:6379",
      REDIS_PREFIX: "postd",
      NATS_URL: "nats://127.0.0.1:4222",
      NATS_PREFIX: "",
      SHUTDOWN_DEADLINE_MS: 25_000,
      NATS_STREAM_REPLICAS: 1,
      TIME_SCALE: 1,
    });
    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
  });

  it("names a missing variable and a malformed one, all at once", () => {
    const problems = problemsOf({ API_KEY_PEPPER: validEnv.API_KEY_PEPPER, INTERNAL_PORT: "abc" });
    expect(problems).toEqual([
      'INTERNAL_PORT: expected an integer between 1 and 65535, got "abc"',
      "PUBLIC_URL: required",
    ]);
  });

  it("says required for a missing env-helper variable", () => {
    expect(problemsOf({ PUBLIC_URL: validEnv.PUBLIC_URL })).toEqual(["API_KEY_PEPPER: required"]);
  });

  it("lists every problem in the error message, one per line", () => {
    expect(() => loadConfig(AppConfig, { TIME_SCALE: "fast", LOG_LEVEL: "loud" })).toThrow(
      [
        "invalid configuration:",
        '  LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"',
        '  TIME_SCALE: expected a number between 0.0001 and 1000, got "fast"',
        "  API_KEY_PEPPER: required",
        "  PUBLIC_URL: required",
      ].join("\n"),
    );
  });

  it("never prints a secret or a URL password", () => {
    const problems = problemsOf({
      ...validEnv,
      API_KEY_PEPPER: "short-pepper",
      DATABASE_URL: "mysql://svc:hunter2@db/postd",
    });
    expect(problems).toEqual([
      'DATABASE_URL: expected a URL starting with postgres:// or postgresql://, got "mysql://svc:***@db/postd"',
      "API_KEY_PEPPER: expected a secret of at least 16 bytes (it has 12)",
    ]);
    expect(problems.join("\n")).not.toContain("hunter2");
    expect(problems.join("\n")).not.toContain("short-pepper");
  });

  it("treats a blank value as unset", () => {
    expect(loadConfig(AppConfig, { ...validEnv, LOG_LEVEL: "  " }).LOG_LEVEL).toBe("info");
  });

  it("reads only the schema's variables", () => {
    const config: Record<string, unknown> = loadConfig(AppConfig, { ...validEnv, UNRELATED: "x" });
    expect(config.UNRELATED).toBeUndefined();
  });

  it("returns a deep-frozen object", () => {
    const config = loadConfig(
      z.object({ ...baseServiceConfig, TAGS: z.array(z.string()).default(["a"]) }),
      {},
    );
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.TAGS)).toBe(true);
    expect(() => {
      (config as { LOG_LEVEL: string }).LOG_LEVEL = "debug";
    }).toThrow(TypeError);
  });
});

describe("loadConfigOrExit", () => {
  it("writes every problem to stderr with the service name and exits with EX_CONFIG", () => {
    const written: string[] = [];
    const exit = (code: number): never => {
      throw new Error(`exit ${code}`);
    };
    expect(() =>
      loadConfigOrExit(AppConfig, {
        serviceName: "publish-service",
        env: {},
        exit,
        write: (t) => written.push(t),
      }),
    ).toThrow(`exit ${configErrorExitCode}`);
    expect(written.join("")).toBe(
      "publish-service: invalid configuration:\n  API_KEY_PEPPER: required\n  PUBLIC_URL: required\n",
    );
  });

  it("returns the configuration when it is valid", () => {
    expect(loadConfigOrExit(AppConfig, { serviceName: "x", env: validEnv }).PUBLIC_URL).toBe(
      validEnv.PUBLIC_URL,
    );
  });
});
