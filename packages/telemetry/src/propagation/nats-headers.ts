import { headers as createHeaders, Match, type MsgHdrs } from "@nats-io/nats-core";
import {
  type Context,
  context,
  propagation,
  type TextMapGetter,
  type TextMapSetter,
} from "@opentelemetry/api";

/** Reads NATS message headers for the propagator; header names match case-insensitively. */
export const natsHeadersGetter: TextMapGetter<MsgHdrs> = {
  keys: (carrier) => carrier.keys(),
  get: (carrier, key) =>
    carrier.has(key, Match.IgnoreCase) ? carrier.get(key, Match.IgnoreCase) : undefined,
};

/** Writes NATS message headers for the propagator. */
export const natsHeadersSetter: TextMapSetter<MsgHdrs> = {
  set: (carrier, key, value) => carrier.set(key, value),
};

/**
 * Adds the active (or given) trace context to NATS headers, creating them when absent:
 * `nc.publish(subject, data, { headers: injectNatsHeaders() })`.
 */
export function injectNatsHeaders(
  headers: MsgHdrs = createHeaders(),
  from: Context = context.active(),
): MsgHdrs {
  propagation.inject(from, headers, natsHeadersSetter);
  return headers;
}

/** The trace context carried by a message's headers (the active context when there are none). */
export function extractNatsHeaders(headers: MsgHdrs | undefined): Context {
  if (headers === undefined) return context.active();
  return propagation.extract(context.active(), headers, natsHeadersGetter);
}
