import type { DemoContext } from "./demo-context";
import { expectStatus } from "./demo-http";

interface HealthReport {
  status: string;
  components: { name: string; status: string; detail?: string | null }[];
}

interface QueueReport {
  queues: {
    name: string;
    waiting: number;
    active: number;
    delayed: number;
    failed: number;
    completed: number;
  }[];
}

const marks: Record<string, string> = { ok: "✓", degraded: "!", down: "✗" };

/** ⑦ What an SRE sees: every component's status, and the queues. */
export async function healthReportStep(context: DemoContext): Promise<void> {
  const { narrator } = context;
  narrator.step("The health report");
  narrator.say(
    "The same view SREs get: every server and service, then every queue (Bull Board shows the jobs).",
  );
  narrator.request("GET /api/health");
  const health = await context.api<HealthReport>("/api/health");
  const report = health.body;
  narrator.done(`overall: ${report.status} (HTTP ${health.status})`);
  for (const component of report.components) {
    const detail = component.detail ? ` — ${component.detail}` : "";
    narrator.detail(
      `${marks[component.status] ?? "?"} ${component.name.padEnd(16)} ${component.status}${detail}`,
    );
  }
  narrator.request("GET /api/health/queue");
  const queues = await expectStatus(
    "GET /api/health/queue",
    context.api<QueueReport>("/api/health/queue"),
    200,
  );
  narrator.detail(`${"queue".padEnd(30)} waiting active delayed failed completed`);
  for (const queue of queues.queues) {
    const counts = [queue.waiting, queue.active, queue.delayed, queue.failed, queue.completed]
      .map((count, index) => String(count).padStart([7, 6, 7, 6, 9][index] ?? 6))
      .join(" ");
    narrator.detail(`${queue.name.padEnd(30)} ${counts}`);
  }
}
