import type { CliConfig } from "./cli-config";

export interface OptionSpec {
  name: string;
  /** what the value looks like in the help: `true|false`, `<pct>` */
  value: string;
  description: string;
}

export interface CommandInput {
  /** positional arguments after the command name */
  args: string[];
  /** `--name value` options, as given */
  options: Record<string, string | undefined>;
  config: CliConfig;
}

export interface CliOutput {
  /** a line on stdout: the command's result, machine-readable (one JSON value per line) */
  out(line: string): void;
  /** a line on stderr: errors and notes for a person */
  err(line: string): void;
}

/** One CLI command: `pnpm postd <name> [args] [--options]`. */
export interface Command {
  /** `tenants:create` */
  name: string;
  /** `<name>`: the positional arguments, for the help */
  args: string;
  summary: string;
  /** how many positional arguments it takes */
  arity: { min: number; max: number };
  options?: readonly OptionSpec[];
  run(input: CommandInput, output: CliOutput): Promise<void>;
}
