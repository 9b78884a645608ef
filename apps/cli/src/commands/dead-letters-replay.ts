import { CliError } from "../cli-error";
import type { Command } from "../command";
import { problemLine, requestGateway, tenantKey } from "./gateway-request";

export const deadLettersReplay: Command = {
  name: "dead-letters:replay",
  args: "<deadLetterId>",
  summary: "Queue a dead-lettered target again (POSTD_API_KEY); prints the target",
  arity: { min: 1, max: 1 },
  async run({ args, config }, output) {
    const id = encodeURIComponent(args[0] ?? "");
    const answer = await requestGateway(config, {
      method: "POST",
      path: `/api/dead-letters/${id}/replay`,
      key: tenantKey(config),
    });
    if (answer.status !== 202) throw new CliError(problemLine(answer));
    output.out(JSON.stringify(answer.body));
  },
};
