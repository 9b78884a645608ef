import { CliError } from "../cli-error";
import type { Command } from "../command";
import { problemLine, requestGateway, tenantKey } from "./gateway-request";

export const deadLettersList: Command = {
  name: "dead-letters:list",
  args: "",
  summary: "The tenant's dead letters (POSTD_API_KEY), one JSON line each; the next page's cursor on stderr",
  arity: { min: 0, max: 0 },
  options: [
    { name: "platform", value: "<platform>", description: "only this platform's" },
    { name: "cursor", value: "<cursor>", description: "the page after this cursor" },
  ],
  async run({ config, options }, output) {
    const query = new URLSearchParams();
    if (options.platform) query.set("platform", options.platform);
    if (options.cursor) query.set("cursor", options.cursor);
    const path = `/api/dead-letters${query.size > 0 ? `?${query}` : ""}`;
    const answer = await requestGateway(config, { method: "GET", path, key: tenantKey(config) });
    if (answer.status !== 200) throw new CliError(problemLine(answer));
    const page = answer.body as { data: unknown[]; nextCursor: string | null };
    for (const deadLetter of page.data) output.out(JSON.stringify(deadLetter));
    if (page.nextCursor) output.err(`more: pnpm postd dead-letters:list --cursor ${page.nextCursor}`);
  },
};
