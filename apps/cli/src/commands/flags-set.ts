import { callAdminApi } from "../admin-api";
import { UsageError } from "../cli-error";
import type { Command } from "../command";
import { type Flag, listFlags } from "./flag-types";

/**
 * Changes only what is given: the other fields keep the flag's current values (a new flag starts enabled, at
 * 100 %, with empty lists).
 */
export const flagsSet: Command = {
  name: "flags:set",
  args: "<name>",
  summary: "Create or change a flag; options not given keep their current value",
  arity: { min: 1, max: 1 },
  options: [
    { name: "enabled", value: "true|false", description: "switch the flag on or off" },
    { name: "rollout", value: "<pct>", description: "percentage of tenants (0-100) that get it" },
    { name: "allow", value: "a,b", description: "tenants that always get it (empty string: none)" },
    { name: "deny", value: "c", description: "tenants that never get it (wins over allow)" },
  ],
  async run({ args, options, config }, output) {
    const name = args[0] ?? "";
    const current = (await listFlags((request) => callAdminApi(config, request))).find(
      (f) => f.name === name,
    );
    const next: Omit<Flag, "name"> = {
      enabled: options.enabled === undefined ? (current?.enabled ?? true) : parseBoolean(options.enabled),
      rolloutPercentage:
        options.rollout === undefined
          ? (current?.rolloutPercentage ?? 100)
          : parsePercentage(options.rollout),
      tenants: {
        allow: options.allow === undefined ? (current?.tenants.allow ?? []) : parseList(options.allow),
        deny: options.deny === undefined ? (current?.tenants.deny ?? []) : parseList(options.deny),
      },
    };
    const saved = await callAdminApi<Flag>(config, {
      method: "PUT",
      path: `/api/admin/flags/${encodeURIComponent(name)}`,
      body: next,
    });
    output.out(JSON.stringify(saved));
  },
};

function parseBoolean(value: string): boolean {
  if (value === "true") return true;
  if (value === "false") return false;
  throw new UsageError(`--enabled takes true or false, not "${value}"`);
}

function parsePercentage(value: string): number {
  const pct = /^\d{1,3}$/.test(value) ? Number(value) : Number.NaN;
  if (!(pct >= 0 && pct <= 100))
    throw new UsageError(`--rollout takes a whole percentage 0-100, not "${value}"`);
  return pct;
}

function parseList(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}
