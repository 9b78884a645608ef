import type { Command } from "./command";
import { commands } from "./registry";

export function commandUsage(command: Command): string {
  const options = (command.options ?? []).map((option) => ` [--${option.name} ${option.value}]`).join("");
  return `pnpm postd ${command.name}${command.args ? ` ${command.args}` : ""}${options}`;
}

export function commandHelp(command: Command): string {
  const lines = [`Usage: ${commandUsage(command)}`, "", command.summary];
  if (command.options?.length) {
    lines.push("", "Options:");
    for (const option of command.options)
      lines.push(`  --${option.name} ${option.value}  ${option.description}`);
  }
  return lines.join("\n");
}

export function generalHelp(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    "Usage: pnpm postd <command> [arguments] [options]",
    "",
    "Commands:",
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    "",
    "Run `pnpm postd <command> --help` for a command's arguments and options.",
    "Environment: POSTD_API_URL (default http://127.0.0.1:3000), ADMIN_API_KEY, POSTD_API_KEY, DATABASE_URL,",
    "NATS_URL, NATS_PREFIX.",
  ].join("\n");
}
