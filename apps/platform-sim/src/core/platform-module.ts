import type { Platform } from "@postd/contracts";
import type { FastifyInstance } from "fastify";
import type { SimState } from "../state/sim-state";

/** A webhook the emulated platform would send: exactly the bytes and headers the real one sends. */
export interface BuiltWebhook {
  headers: Record<string, string>;
  /** sent as is; signatures are computed over these bytes */
  body: string;
}

export interface WebhookFireRequest {
  /** the platform's event name, e.g. "authorization.removed", "post.publish.complete", "feed" */
  event: string;
  /** event fields: account ids, publish ids, reasons… (each platform documents its own) */
  params: Record<string, unknown>;
}

export interface SimContext {
  state: SimState;
}

/** One emulated platform: the routes under its real host names, its accounts, its webhooks. */
export interface SimPlatformModule {
  readonly platform: Platform;
  /** the real host names it answers for; routes are registered under `/<host>/…` */
  readonly hosts: readonly string[];
  register(app: FastifyInstance): Promise<void>;
  /** forget posts and tokens, reseed the accounts */
  reset(): void;
  /** seeded users and accounts, for `/_sim/state` and tests */
  describe(): Record<string, unknown>;
  buildWebhook?(request: WebhookFireRequest): BuiltWebhook;
}

export type SimPlatformFactory = (context: SimContext) => SimPlatformModule;
