/**
 * A NATS namespace: a prefix put before every subject, stream, consumer, KV bucket and service name this process
 * uses. Production runs with the empty prefix; each test file takes its own so files run in parallel on one
 * server without seeing each other's traffic.
 */
export interface NatsNamespace {
  /** Empty, or a token of `[a-z0-9_]` (no dots); subjects become `<prefix>.<subject>`. */
  readonly prefix: string;
}

export const rootNamespace: NatsNamespace = Object.freeze({ prefix: "" });

export function namespaced(ns: NatsNamespace, subject: string): string {
  return ns.prefix ? `${ns.prefix}.${subject}` : subject;
}

/** Stream, consumer, bucket and service names cannot contain dots: `<PREFIX>_<NAME>`. */
export function namespacedName(ns: NatsNamespace, name: string): string {
  return ns.prefix ? `${ns.prefix}_${name}` : name;
}
