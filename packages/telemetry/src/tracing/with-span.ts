import { type Attributes, type Span, type SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { scrubString } from "../redaction/scrub-string";
import { redactAttributes } from "./redact-attributes";
import { getTracer } from "./tracer";

export interface WithSpanOptions {
  /** Redacted with the logging rule: sensitive keys dropped, secrets in strings replaced. */
  attributes?: Attributes;
  kind?: SpanKind;
}

type SpanBody<T> = (span: Span) => T | Promise<T>;

/**
 * Runs `fn` inside a new active span (a child of the active context). When `fn` throws or rejects, the
 * exception is recorded (message and stack scrubbed) and the status set to ERROR; the span always ends. Returns
 * `fn`'s result, always as a promise.
 */
export function withSpan<T>(name: string, fn: SpanBody<T>): Promise<Awaited<T>>;
export function withSpan<T>(name: string, options: WithSpanOptions, fn: SpanBody<T>): Promise<Awaited<T>>;
export function withSpan<T>(
  name: string,
  optionsOrFn: WithSpanOptions | SpanBody<T>,
  maybeFn?: SpanBody<T>,
): Promise<Awaited<T>> {
  const options = typeof optionsOrFn === "function" ? {} : optionsOrFn;
  const fn = typeof optionsOrFn === "function" ? optionsOrFn : maybeFn;
  if (fn === undefined) throw new TypeError("withSpan: a function to run is required");
  const spanOptions = {
    kind: options.kind,
    attributes: options.attributes === undefined ? undefined : redactAttributes(options.attributes),
  };
  return getTracer().startActiveSpan(name, spanOptions, async (span: Span): Promise<Awaited<T>> => {
    try {
      return await fn(span);
    } catch (error) {
      markFailed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Records `error` on `span` (message and stack scrubbed of secrets) and sets the ERROR status. */
export function markFailed(span: Span, error: unknown): void {
  const message = scrubString(error instanceof Error ? error.message : String(error));
  if (error instanceof Error) {
    span.recordException({ name: error.name, message, stack: error.stack && scrubString(error.stack) });
  } else {
    span.recordException(message);
  }
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}
