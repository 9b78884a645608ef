import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureDotEnv, fillSecrets, generateSecret, missingSecrets, requiredSecrets } from "./dot-env-setup";
import { parseEnvFile } from "./env-file";

const example = [
  "# the vault's master secret",
  "TOKEN_VAULT_MASTER_SECRET=",
  "OAUTH_SESSION_SECRET=",
  "WEBHOOK_SIGNING_MASTER_SECRET=",
  "ADMIN_API_KEY=",
  "JWT_SECRET=",
  "LOG_LEVEL=info",
  "# ADMIN_API_KEY=",
].join("\n");

let rootDir: string;

beforeEach(() => {
  rootDir = `${mkdtempSync(join(tmpdir(), "postd-dotenv-"))}/`;
  writeFileSync(`${rootDir}.env.example`, example);
});

afterEach(() => rmSync(rootDir, { recursive: true, force: true }));

describe("fillSecrets", () => {
  it("fills exactly the required secrets' empty assignments and keeps every other line", () => {
    let count = 0;
    const { text, filled } = fillSecrets(example, { generate: () => `secret-${++count}` });
    expect(filled).toEqual([...requiredSecrets]);
    const { values } = parseEnvFile(text);
    expect(values).toMatchObject({
      TOKEN_VAULT_MASTER_SECRET: "secret-1",
      ADMIN_API_KEY: "secret-4",
      JWT_SECRET: "",
      LOG_LEVEL: "info",
    });
    expect(text).toContain("# the vault's master secret\n");
    expect(text).toContain("# ADMIN_API_KEY=");
  });

  it("generates a different secret of at least 32 bytes each time", () => {
    const secrets = new Set(Array.from({ length: 20 }, () => generateSecret()));
    expect(secrets.size).toBe(20);
    for (const secret of secrets) expect(Buffer.byteLength(secret)).toBeGreaterThanOrEqual(32);
  });
});

describe("ensureDotEnv", () => {
  it("creates .env from .env.example with fresh secrets, readable by its owner only", () => {
    const setup = ensureDotEnv({ rootDir, processEnv: {} });
    expect(setup).toEqual({ kind: "created", filled: [...requiredSecrets] });
    const { values } = parseEnvFile(readFileSync(`${rootDir}.env`, "utf8"));
    expect(missingSecrets(values)).toEqual([]);
    expect(statSync(`${rootDir}.env`).mode & 0o777).toBe(0o600);
  });

  it("never touches an existing .env, even one without secrets", () => {
    writeFileSync(`${rootDir}.env`, "LOG_LEVEL=debug\n");
    expect(ensureDotEnv({ rootDir, processEnv: {} })).toEqual({ kind: "existing" });
    expect(readFileSync(`${rootDir}.env`, "utf8")).toBe("LOG_LEVEL=debug\n");
    expect(missingSecrets({ LOG_LEVEL: "debug", ADMIN_API_KEY: " " })).toEqual([...requiredSecrets]);
  });

  it("refuses to invent secrets with NODE_ENV=production", () => {
    const setup = ensureDotEnv({ rootDir, processEnv: { NODE_ENV: "production" } });
    expect(setup.kind).toBe("refused");
    expect(setup.kind === "refused" && setup.reason).toContain("TOKEN_VAULT_MASTER_SECRET");
    expect(() => statSync(`${rootDir}.env`)).toThrow();
  });
});
