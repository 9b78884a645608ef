import { ConfigError, loadConfig } from "@postd/service-kit";
import { describe, expect, it } from "vitest";
import { Config } from "./config";
import { keyProviderFromConfig } from "./vault/master-secrets";

const secret = "s".repeat(32);
const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(Config, { TOKEN_VAULT_MASTER_SECRET: secret, ...env });
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((problem) => problem.variable);
  }
};

describe("config", () => {
  it("needs a master secret of at least 32 bytes and never echoes it", () => {
    expect(problemsOf({ TOKEN_VAULT_MASTER_SECRET: "" })).toEqual(["TOKEN_VAULT_MASTER_SECRET"]);
    const error = (() => {
      try {
        loadConfig(Config, { TOKEN_VAULT_MASTER_SECRET: "short-secret-value" });
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error?.message).toMatch(/TOKEN_VAULT_MASTER_SECRET/);
    expect(error?.message).not.toContain("short-secret-value");
  });

  it("reads the other master-key versions as version:secret pairs", () => {
    const config = loadConfig(Config, {
      TOKEN_VAULT_MASTER_SECRET: secret,
      TOKEN_VAULT_CURRENT_VERSION: "2",
      TOKEN_VAULT_MASTER_SECRETS: `1:${"o".repeat(40)}`,
    });
    expect(config.TOKEN_VAULT_MASTER_SECRETS).toEqual([{ version: 1, secret: "o".repeat(40) }]);
    expect(keyProviderFromConfig(config).currentVersion()).toBe(2);
    expect(problemsOf({ TOKEN_VAULT_MASTER_SECRETS: "1:tooshort" })).toEqual(["TOKEN_VAULT_MASTER_SECRETS"]);
    expect(problemsOf({ TOKEN_VAULT_MASTER_SECRETS: `x:${secret}` })).toEqual(["TOKEN_VAULT_MASTER_SECRETS"]);
    expect(problemsOf({ TOKEN_VAULT_MASTER_SECRETS: `1:${secret}` })).toEqual(["TOKEN_VAULT_MASTER_SECRETS"]);
  });

  it("refuses a claim stale limit not above the connector timeout, and the crash point outside tests", () => {
    expect(problemsOf({ CONNECTOR_TIMEOUT_MS: "30000", REFRESH_CLAIM_STALE_MS: "30000" })).toEqual([
      "REFRESH_CLAIM_STALE_MS",
    ]);
    expect(problemsOf({ TEST_CRASH_POINT: "after-revoke-commit" })).toEqual(["TEST_CRASH_POINT"]);
    expect(problemsOf({ TEST_CRASH_POINT: "after-revoke-commit", NODE_ENV: "test" })).toEqual([]);
  });
});
