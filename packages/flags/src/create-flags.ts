import { type KV, Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { type NatsNamespace, namespacedName, type Platform } from "@postd/contracts";
import { validationFailed, zodProblems } from "@postd/service-kit";
import type { Logger } from "@postd/telemetry";
import { evaluateFlag } from "./evaluate-flag";
import { FlagCache, type FlagChangeListener } from "./flag-cache";
import {
  defaultIntegrationFlagValue,
  FlagName,
  FlagValue,
  flagsBucketName,
  integrationFlagName,
  type StoredFlag,
} from "./flag-value";
import { isConflict, modifyFlag } from "./modify-flag";
import { watchFlags } from "./watch-flags";

export interface CreateFlagsOptions {
  nc: NatsConnection;
  ns: NatsNamespace;
  logger: Logger;
  /** values kept per flag in the bucket (an audit trail of recent changes); 5 unless set */
  history?: number;
  /** wait before re-creating a watch that ended or failed; 1 s unless set */
  retryDelayMs?: number;
}

export interface Flags {
  /** synchronous, from the watched cache: false for a flag that does not exist, and until `ready()` resolved */
  isEnabled(name: string, tenantId: string): boolean;
  get(name: string): Promise<StoredFlag | null>;
  /** every flag, by name */
  list(): Promise<StoredFlag[]>;
  /** replaces a flag (validated: VALIDATION with every bad field) */
  set(name: string, value: unknown): Promise<StoredFlag>;
  setRolloutPercentage(name: string, percentage: number): Promise<StoredFlag>;
  /** on for this tenant whatever the rollout (also takes it off the deny list) */
  allowTenant(name: string, tenantId: string): Promise<StoredFlag>;
  /** off for this tenant whatever else (also takes it off the allow list) */
  denyTenant(name: string, tenantId: string): Promise<StoredFlag>;
  /** back to the rollout for this tenant */
  clearTenant(name: string, tenantId: string): Promise<StoredFlag>;
  /** creates `integration_<platform>` (enabled, 100%) for each platform whose flag is missing; never overwrites */
  ensureDefaultFlags(platforms: readonly Platform[]): Promise<{ created: string[] }>;
  /** every change the cache takes (from the watch or this process's writes); returns the unsubscribe */
  onChange(listener: FlagChangeListener): () => void;
  /** resolves once the bucket's values are loaded; rejects if the bucket cannot be opened at all */
  ready(): Promise<void>;
  /** stops the watch; the NATS connection is the caller's */
  close(): Promise<void>;
}

/**
 * Feature flags in the NATS KV bucket `namespacedName(ns, "postd_flags")`, one JSON value per flag, watched so
 * every process evaluates from memory and sees a change within a NATS round trip. Writes are compare-and-set.
 */
export function createFlags(options: CreateFlagsOptions): Flags {
  const { logger } = options;
  const bucketName = namespacedName(options.ns, flagsBucketName);
  const bucket: Promise<KV> = new Kvm(options.nc).create(bucketName, {
    history: options.history ?? 5,
    description: "POSTD feature flags (packages/flags)",
  });
  bucket.catch(() => undefined); // surfaced through ready() and every write
  const cache = new FlagCache((error) => logger.error({ err: error }, "flag change listener failed"));

  let settle: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  const initialLoad = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  initialLoad.catch(() => undefined);
  const watch = watchFlags({
    bucket,
    cache,
    logger,
    retryDelayMs: options.retryDelayMs ?? 1_000,
    onInitialLoad: () => settle?.resolve(),
    onInitialFailure: (error) => settle?.reject(error),
  });

  const write = async (name: string, change: (current: FlagValue) => FlagValue): Promise<StoredFlag> => {
    const flagName = checkName(name);
    const written = await modifyFlag(await bucket, flagName, change);
    cache.apply({ name: flagName, ...written, updatedAt: new Date() });
    logger.info(
      {
        flag: flagName,
        enabled: written.value.enabled,
        rolloutPercentage: written.value.rolloutPercentage,
        revision: written.revision,
      },
      "flag changed",
    );
    return { name: flagName, ...written.value, revision: written.revision, updatedAt: new Date() };
  };

  return {
    isEnabled: (name, tenantId) => evaluateFlag(cache.value(name), name, tenantId),
    async get(name) {
      await initialLoad;
      return cache.get(name);
    },
    async list() {
      await initialLoad;
      return cache.list();
    },
    set(name, value) {
      const parsedName = FlagName.safeParse(name);
      const parsed = FlagValue.safeParse(value);
      if (!parsed.success || !parsedName.success) {
        const problems = [
          ...(parsedName.success ? [] : zodProblems(parsedName.error, "name")),
          ...(parsed.success ? [] : zodProblems(parsed.error)),
        ];
        return Promise.reject(validationFailed(problems));
      }
      const next = parsed.data;
      return write(name, () => next);
    },
    setRolloutPercentage(name, percentage) {
      return write(name, (current) => ({ ...current, rolloutPercentage: percentage }));
    },
    allowTenant(name, tenantId) {
      return write(name, (current) => ({
        ...current,
        tenants: {
          allow: withItem(current.tenants.allow, tenantId),
          deny: without(current.tenants.deny, tenantId),
        },
      }));
    },
    denyTenant(name, tenantId) {
      return write(name, (current) => ({
        ...current,
        tenants: {
          allow: without(current.tenants.allow, tenantId),
          deny: withItem(current.tenants.deny, tenantId),
        },
      }));
    },
    clearTenant(name, tenantId) {
      return write(name, (current) => ({
        ...current,
        tenants: {
          allow: without(current.tenants.allow, tenantId),
          deny: without(current.tenants.deny, tenantId),
        },
      }));
    },
    async ensureDefaultFlags(platforms) {
      const kv = await bucket;
      const created: string[] = [];
      for (const platform of platforms) {
        const name = integrationFlagName(platform);
        const value = defaultIntegrationFlagValue;
        try {
          const revision = await kv.create(name, JSON.stringify(value));
          cache.apply({ name, value, revision, updatedAt: new Date() });
          created.push(name);
        } catch (error) {
          if (!isConflict(error)) throw error;
        }
      }
      if (created.length > 0) logger.info({ flags: created }, "default flags created");
      return { created };
    },
    onChange: (listener) => cache.subscribe(listener),
    ready: () => initialLoad,
    async close() {
      watch.stop();
    },
  };
}

function checkName(name: string): string {
  const parsed = FlagName.safeParse(name);
  if (!parsed.success) throw validationFailed(zodProblems(parsed.error, "name"));
  return parsed.data;
}

function withItem(list: readonly string[], item: string): string[] {
  return list.includes(item) ? [...list] : [...list, item];
}

function without(list: readonly string[], item: string): string[] {
  return list.filter((entry) => entry !== item);
}
