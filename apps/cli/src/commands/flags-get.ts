import { callAdminApi } from "../admin-api";
import { CliError } from "../cli-error";
import type { Command } from "../command";
import { listFlags } from "./flag-types";

export const flagsGet: Command = {
  name: "flags:get",
  args: "[name]",
  summary: "Print every flag (one JSON line each), or one flag",
  arity: { min: 0, max: 1 },
  async run({ args, config }, output) {
    const flags = await listFlags((request) => callAdminApi(config, request));
    const [name] = args;
    if (name === undefined) {
      for (const flag of flags) output.out(JSON.stringify(flag));
      return;
    }
    const flag = flags.find((candidate) => candidate.name === name);
    if (!flag) throw new CliError(`flag ${name} does not exist (a flag that does not exist is off)`);
    output.out(JSON.stringify(flag));
  },
};
