import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

/**
 * The secrets the apps refuse to start without (each config schema's `envSecret`, no default). `pnpm start`
 * generates them for a local `.env`; a deployment brings its own.
 */
export const requiredSecrets = [
  "TOKEN_VAULT_MASTER_SECRET",
  "OAUTH_SESSION_SECRET",
  "WEBHOOK_SIGNING_MASTER_SECRET",
  "ADMIN_API_KEY",
] as const;

/** 36 random bytes as base64url: 48 characters, over every schema's 32-byte minimum. */
export function generateSecret(): string {
  return randomBytes(36).toString("base64url");
}

/**
 * `.env.example`'s text with every required secret's empty assignment (`NAME=` on a line of its own) given a
 * fresh value. Comments and every other line stay as they are, so the new `.env` documents itself.
 */
export function fillSecrets(
  exampleText: string,
  options: { generate?: () => string } = {},
): { text: string; filled: string[] } {
  const generate = options.generate ?? generateSecret;
  const filled: string[] = [];
  const lines = exampleText.split("\n").map((line) => {
    const match = /^([A-Z0-9_]+)=\s*$/.exec(line.replace(/\r$/, ""));
    const name = match?.[1];
    if (!name || !(requiredSecrets as readonly string[]).includes(name) || filled.includes(name)) return line;
    filled.push(name);
    return `${name}=${generate()}`;
  });
  return { text: lines.join("\n"), filled };
}

export type DotEnvSetup =
  | { readonly kind: "existing" }
  | { readonly kind: "created"; readonly filled: readonly string[] }
  | { readonly kind: "refused"; readonly reason: string };

/**
 * Makes sure `<rootDir>/.env` exists: an existing one is never touched; a missing one is created from
 * `.env.example` with freshly generated local secrets — except with NODE_ENV=production, where inventing secrets
 * would hide a deployment mistake (and lose every stored token on the next machine).
 */
export function ensureDotEnv(options: {
  rootDir: string;
  processEnv: Readonly<Record<string, string | undefined>>;
  generate?: () => string;
}): DotEnvSetup {
  const envPath = `${options.rootDir}.env`;
  if (existsSync(envPath)) return { kind: "existing" };
  if (options.processEnv.NODE_ENV === "production") {
    return {
      kind: "refused",
      reason:
        "NODE_ENV=production and no .env: pnpm start does not invent production secrets. Set " +
        `${requiredSecrets.join(", ")} in the environment or in .env (see .env.example).`,
    };
  }
  const example = readFileSync(`${options.rootDir}.env.example`, "utf8");
  const { text, filled } = fillSecrets(example, options.generate ? { generate: options.generate } : {});
  const header =
    "# Created by `pnpm start` from .env.example, with fresh random local secrets. Yours to edit; pnpm start\n" +
    "# never overwrites it. Keep it out of git (it is ignored) and never reuse these secrets in production.\n\n";
  try {
    // "wx": never overwrite, even one another `pnpm start` created a moment ago
    writeFileSync(envPath, header + text, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as { code?: unknown }).code === "EEXIST") return { kind: "existing" };
    throw error;
  }
  return { kind: "created", filled };
}

/** The required secrets that are missing or blank in the environment the apps will see. */
export function missingSecrets(env: Readonly<Record<string, string | undefined>>): string[] {
  return requiredSecrets.filter((name) => !env[name]?.trim());
}
