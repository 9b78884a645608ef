import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "@postd/service-kit";
import { CliConfig } from "./cli-config";
import { CliError, UsageError } from "./cli-error";
import type { CliOutput, Command, CommandInput } from "./command";
import { commandHelp, commandUsage, generalHelp } from "./help";
import { findCommand } from "./registry";

export interface RunCliOptions {
  /** the arguments after the program: `["tenants:create", "Acme"]` */
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  output: CliOutput;
}

/** Runs one command and resolves to the process exit code: 0 done, 1 failed, 2 wrong usage, 78 bad environment. */
export async function runCli(options: RunCliOptions): Promise<number> {
  const { output } = options;
  const [name, ...rest] = options.argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    output.out(generalHelp());
    return name === undefined ? 2 : 0;
  }
  const command = findCommand(name);
  if (!command) {
    output.err(`unknown command "${name}"\n\n${generalHelp()}`);
    return 2;
  }
  try {
    const parsed = parseCommandLine(command, rest);
    if (parsed === "help") {
      output.out(commandHelp(command));
      return 0;
    }
    await command.run({ ...parsed, config: loadConfig(CliConfig, options.env) }, output);
    return 0;
  } catch (error) {
    return report(error, command, output);
  }
}

function parseCommandLine(command: Command, argv: string[]): Omit<CommandInput, "config"> | "help" {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: "boolean", short: "h" },
        ...Object.fromEntries(
          (command.options ?? []).map((option) => [option.name, { type: "string" as const }]),
        ),
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.values.help === true) return "help";
  const { positionals } = parsed;
  if (positionals.length < command.arity.min || positionals.length > command.arity.max) {
    throw new UsageError(`${command.name} takes ${describeArity(command)}`);
  }
  const values: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(parsed.values))
    if (typeof value === "string") values[key] = value;
  return { args: positionals, options: values };
}

function describeArity(command: Command): string {
  const { min, max } = command.arity;
  if (max === 0) return "no arguments";
  return min === max ? `${min} argument${min === 1 ? "" : "s"}: ${command.args}` : `${command.args}`;
}

function report(error: unknown, command: Command, output: CliOutput): number {
  if (error instanceof UsageError) {
    output.err(`${error.message}\nUsage: ${commandUsage(command)}`);
    return error.exitCode;
  }
  if (error instanceof CliError) {
    output.err(error.message);
    return error.exitCode;
  }
  if (error instanceof ConfigError) {
    output.err(`bad environment:\n${error.problems.map((p) => `  ${p.variable}: ${p.message}`).join("\n")}`);
    return 78;
  }
  output.err(`${command.name} failed: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
}
