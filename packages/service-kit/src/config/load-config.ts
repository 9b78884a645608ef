import type { z } from "zod";

export type Env = Readonly<Record<string, string | undefined>>;

/** A parsed configuration cannot be changed by anyone it is passed to. */
export type Frozen<T> = T extends (infer U)[]
  ? readonly Frozen<U>[]
  : T extends object
    ? { readonly [K in keyof T]: Frozen<T[K]> }
    : T;

/** One bad variable and why it is bad. */
export interface ConfigProblem {
  variable: string;
  message: string;
}

/** The configuration did not parse: `problems` names every bad variable, the message lists them one per line. */
export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[], options: { cause?: unknown } = {}) {
    const lines = problems.map((problem) => `  ${problem.variable}: ${problem.message}`);
    super(`invalid configuration:\n${lines.join("\n")}`, options);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/**
 * Parses the environment once with an app's zod object schema and returns a deep-frozen result. Only the schema's
 * own variables are read; a blank value counts as unset (so `LOG_LEVEL=` means "the default").
 * Throws `ConfigError` naming every bad variable at once.
 */
export function loadConfig<T extends z.ZodObject>(schema: T, env: Env = process.env): Frozen<z.output<T>> {
  const input: Record<string, string> = {};
  for (const name of Object.keys(schema.shape)) {
    const value = env[name];
    if (value !== undefined && value.trim() !== "") input[name] = value;
  }
  const result = schema.safeParse(input);
  if (!result.success) throw new ConfigError(describeIssues(result.error, input), { cause: result.error });
  return deepFreeze(result.data) as Frozen<z.output<T>>;
}

function describeIssues(error: z.ZodError, input: Record<string, string>): ConfigProblem[] {
  return error.issues.map((issue) => {
    const [first, ...rest] = issue.path.map(String);
    if (first === undefined) return { variable: "(configuration)", message: issue.message };
    // Plain zod fields (not built with the env helpers) say "expected string, received undefined" when unset.
    const missing = input[first] === undefined && issue.code === "invalid_type";
    const variable = rest.length ? `${first} (${rest.join(".")})` : first;
    return { variable, message: missing ? "required" : issue.message };
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value) || ArrayBuffer.isView(value)) {
    return value;
  }
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}

export interface LoadConfigOrExitOptions {
  /** names the service in the error output */
  serviceName: string;
  /** defaults to `process.env` */
  env?: Env;
  /** defaults to `process.exit`; tests pass a function that throws */
  exit?: (code: number) => never;
  /** defaults to `process.stderr.write` */
  write?: (text: string) => void;
}

/**
 * `loadConfig` for a `main.ts`: on a bad configuration it prints every problem to stderr (the logger may not exist
 * yet, since its level is configuration too) and exits with status 78 (EX_CONFIG). Any other error is rethrown.
 */
export function loadConfigOrExit<T extends z.ZodObject>(
  schema: T,
  options: LoadConfigOrExitOptions,
): Frozen<z.output<T>> {
  try {
    return loadConfig(schema, options.env ?? process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const write = options.write ?? ((text: string) => process.stderr.write(text));
    write(`${options.serviceName}: ${error.message}\n`);
    const exit = options.exit ?? ((code: number) => process.exit(code));
    return exit(configErrorExitCode);
  }
}

/** sysexits.h EX_CONFIG: the process stopped because of its configuration, not a crash. */
export const configErrorExitCode = 78;
