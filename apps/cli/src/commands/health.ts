import { CliError } from "../cli-error";
import type { Command } from "../command";
import { problemLine, requestGateway } from "./gateway-request";

interface HealthReport {
  status: "ok" | "degraded" | "down";
  components: Array<{ name: string; status: "ok" | "degraded" | "down"; detail: string }>;
}

const marks = { ok: "✅", degraded: "⚠️ ", down: "❌" } as const;

/**
 * The check operators run after a deploy: `GET /api/health`, one line per component, and a non-zero exit when
 * anything is down (or the gateway itself cannot be reached). Degraded components are shown but pass.
 */
export const health: Command = {
  name: "health",
  args: "",
  summary:
    "✅/❌ per component (Postgres, Redis, NATS, each service, the vault); exit 1 when anything is down",
  arity: { min: 0, max: 0 },
  async run({ config }, output) {
    const key = config.ADMIN_API_KEY ?? config.POSTD_API_KEY;
    if (!key) throw new CliError("set ADMIN_API_KEY (or a tenant's POSTD_API_KEY) to read /api/health");
    let answer: Awaited<ReturnType<typeof requestGateway>>;
    try {
      answer = await requestGateway(config, { method: "GET", path: "/api/health", key, timeoutMs: 20_000 });
    } catch (error) {
      output.out(`${marks.down} gateway  ${error instanceof Error ? error.message : String(error)}`);
      throw new CliError("down: gateway");
    }
    if (answer.status !== 200 && answer.status !== 503) throw new CliError(problemLine(answer));
    const report = answer.body as HealthReport;
    const width = Math.max(...report.components.map((component) => component.name.length));
    for (const component of report.components) {
      output.out(`${marks[component.status]} ${component.name.padEnd(width)}  ${component.detail}`);
    }
    const down = report.components.filter((component) => component.status === "down").map((c) => c.name);
    if (down.length > 0) throw new CliError(`down: ${down.join(", ")}`);
    output.err(report.status === "ok" ? "all components ok" : "every component answers; some are degraded");
  },
};
