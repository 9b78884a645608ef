import { type Attributes, type Span, SpanKind } from "@opentelemetry/api";
import { withSpan } from "../tracing/with-span";
import { contextFromJobData } from "./job-data";
import { runWithContext } from "./trace-context";

/**
 * Runs a BullMQ processor inside a CONSUMER span that continues the producer's trace: reads `_trace` from the
 * **raw** job data (before zod strips it), enters that context, and opens `name` there. Attributes are redacted
 * like every span's (ids, platform, tenant; never tokens).
 *
 *   new Worker(queueName, (job) => traceJob(job.data, "publish-service.publish", { "postd.job_id": job.id ?? "" },
 *     () => processPublishJob(ctx, PublishJobData.parse(job.data))))
 */
export function traceJob<T>(
  rawData: unknown,
  name: string,
  attributes: Attributes,
  fn: (span: Span) => T | Promise<T>,
): Promise<Awaited<T>> {
  return runWithContext(contextFromJobData(rawData), () =>
    withSpan(name, { kind: SpanKind.CONSUMER, attributes }, fn),
  );
}
