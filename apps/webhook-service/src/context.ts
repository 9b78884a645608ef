import type { Logger } from "@postd/telemetry";
import type { WebhookDatabase } from "./db/webhook-database";
import type { DeliveryScheduler } from "./jobs/delivery-scheduler";
import type { OutboundPolicy } from "./outbound/outbound-policy";
import type { SecretBox } from "./secrets/signing-vault";

/** What the webhook verbs work with: one per request or job, with its own logger. */
export interface WebhookContext {
  db: WebhookDatabase;
  logger: Logger;
  secrets: SecretBox;
  policy: OutboundPolicy;
  scheduler: DeliveryScheduler;
  settings: WebhookSettings;
  now: () => Date;
  /** [0, 1); the retry jitter (tests pin it) */
  random: () => number;
}

/** The config, in the units the code uses: every delay already scaled by TIME_SCALE. */
export interface WebhookSettings {
  timeoutMs: number;
  excerptBytes: number;
  /** the wait before retry n (index n - 1), scaled */
  retryDelaysMs: readonly number[];
  /** the largest random extra wait, as a fraction of the delay */
  jitterRatio: number;
  disableAfterMs: number;
  secretOverlapMs: number;
  maxEndpointsPerTenant: number;
  /** how long a worker holds a delivery while it sends one attempt (real time: it bounds a network call) */
  leaseMs: number;
}
