import { createDemoContext, type DemoTarget } from "./demo-context";
import { DemoError } from "./demo-http";
import type { Narrator } from "./narrator";
import { checkSystemRuns } from "./preflight";
import { analyticsStep } from "./step-analytics";
import { connectPlatformsStep } from "./step-connect-platforms";
import { createTenantStep } from "./step-create-tenant";
import { deadLetterStep } from "./step-dead-letter";
import { healthReportStep } from "./step-health-report";
import { publishEverywhereStep } from "./step-publish-everywhere";
import { retryAfter429Step } from "./step-retry-after-429";

/** The story, in order; each step narrates itself and leaves what later steps need in the context. */
export const demoSteps = [
  createTenantStep,
  connectPlatformsStep,
  publishEverywhereStep,
  retryAfter429Step,
  deadLetterStep,
  analyticsStep,
  healthReportStep,
];

/** Runs the whole story against the running system; resolves the exit code (1 with a clear message on failure). */
export async function runDemo(options: {
  target: DemoTarget;
  narrator: Narrator;
  write: (line: string) => void;
}): Promise<number> {
  const { target, narrator, write } = options;
  const context = createDemoContext(target, narrator);
  const startedAt = Date.now();
  try {
    await checkSystemRuns(target);
    write(
      `POSTD demo — against the system running at ${target.gatewayUrl} (platforms: platform-sim ${target.simUrl})`,
    );
    for (const step of demoSteps) await step(context);
  } catch (error) {
    write("");
    if (error instanceof DemoError) write(`✗ ${error.message}`);
    else
      write(
        `✗ the demo broke unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    await context.sim("/_sim/faults", { method: "DELETE" }).catch(() => undefined);
    return 1;
  }
  write("");
  write(`That is the whole story, in ${((Date.now() - startedAt) / 1000).toFixed(1)} s.`);
  if (context.tenant) {
    write(`The demo tenant stays: ${context.tenant.tenantId}, API key ${context.tenant.apiKey}`);
  }
  write(`Look around: ${target.gatewayUrl}/docs (the API) · ${target.gatewayUrl}/admin/queues (the jobs).`);
  return 0;
}
