import { z } from "zod";

/** What a parser says about one raw environment value. */
export type ParsedEnv<T> = { ok: true; value: T } | { ok: false; expected: string };

export interface EnvValueOptions<T> {
  /** the value when the variable is unset or blank; without it the variable is required */
  fallback: (() => T) | undefined;
  /** whether the raw value may be quoted back in an error message (never for secrets) */
  echo: "value" | "redacted-url" | "never";
}

/**
 * The one shape every env helper shares: the input is an optional string (unset and blank mean "use the default"),
 * the output is always the parsed type, and a bad value says what was expected and what came in.
 */
export function envValue<T>(parse: (raw: string) => ParsedEnv<T>, options: EnvValueOptions<T>) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): T => {
      if (raw === undefined || raw.trim() === "") {
        if (options.fallback) return options.fallback();
        ctx.addIssue({ code: "custom", message: "required" });
        return z.NEVER;
      }
      const parsed = parse(raw.trim());
      if (parsed.ok) return parsed.value;
      ctx.addIssue({
        code: "custom",
        message: `expected ${parsed.expected}${describeInput(raw, options.echo)}`,
      });
      return z.NEVER;
    });
}

function describeInput(raw: string, echo: EnvValueOptions<unknown>["echo"]): string {
  if (echo === "never") return "";
  const shown = echo === "redacted-url" ? redactUrlCredentials(raw) : raw;
  return `, got ${JSON.stringify(shown)}`;
}

/** `postgres://user:secret@host` → `postgres://user:***@host`, so a config error never prints a password. */
export function redactUrlCredentials(value: string): string {
  return value.replace(/\/\/([^/@:]*):[^/@]*@/, "//$1:***@");
}
