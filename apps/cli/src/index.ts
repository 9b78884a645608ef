export { CliConfig } from "./cli-config";
export { CliError, UsageError } from "./cli-error";
export type { CliOutput, Command, CommandInput, OptionSpec } from "./command";
export { commands, findCommand } from "./registry";
export { type RunCliOptions, runCli } from "./run-cli";
