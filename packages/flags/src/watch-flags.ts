import type { KV, KvEntry, KvWatchEntry } from "@nats-io/kv";
import type { QueuedIterator } from "@nats-io/nats-core";
import type { Logger } from "@postd/telemetry";
import type { FlagCache } from "./flag-cache";
import { FlagValue } from "./flag-value";

export interface FlagWatchOptions {
  bucket: Promise<KV>;
  cache: FlagCache;
  logger: Logger;
  /** called once the bucket's values at the time of the first watch are all in the cache */
  onInitialLoad(): void;
  /** called when the first attempt fails before the initial load (ready() rejects; the loop keeps trying) */
  onInitialFailure(error: unknown): void;
  /** wait before re-creating a watch that ended or failed */
  retryDelayMs: number;
}

export interface FlagWatch {
  stop(): void;
}

/**
 * Keeps the cache in step with the bucket: a watch over every key that first delivers each key's last value
 * (deletes included), then every change. If the watch ends or fails (bucket deleted, JetStream unavailable), it is
 * created again after `retryDelayMs`; replayed values are harmless because the cache only moves forward.
 */
export function watchFlags(options: FlagWatchOptions): FlagWatch {
  const { cache, logger } = options;
  let stopped = false;
  let current: QueuedIterator<KvWatchEntry> | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let loaded = false;
  let attempts = 0;

  const markLoaded = () => {
    if (loaded) return;
    loaded = true;
    options.onInitialLoad();
  };

  const runOnce = async () => {
    const kv = await options.bucket;
    // An empty bucket delivers nothing: the initial load is complete as soon as the watch exists.
    const { values } = await kv.status();
    const watch = await kv.watch();
    if (stopped) {
      watch.stop();
      return;
    }
    current = watch;
    if (values === 0) markLoaded();
    for await (const entry of watch) {
      applyEntry(cache, logger, entry);
      // the watch marks the last of the initial values (and everything after) as an update
      if (entry.isUpdate) markLoaded();
    }
  };

  const loop = async () => {
    while (!stopped) {
      attempts += 1;
      try {
        await runOnce();
        if (!stopped)
          logger.warn({ bucket: await bucketName(options.bucket) }, "flags watch ended; restarting");
      } catch (error) {
        if (stopped) return;
        logger.warn({ err: error, attempts }, "flags watch failed; retrying");
        if (!loaded && attempts === 1) options.onInitialFailure(error);
      }
      if (stopped) return;
      await new Promise<void>((resolve) => {
        retryTimer = setTimeout(resolve, options.retryDelayMs);
      });
    }
  };
  void loop();

  return {
    stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      current?.stop();
    },
  };
}

function applyEntry(cache: FlagCache, logger: Logger, entry: KvEntry): void {
  const updatedAt = entry.created;
  if (entry.operation !== "PUT") {
    cache.apply({ name: entry.key, value: null, revision: entry.revision, updatedAt });
    return;
  }
  const parsed = safeJson(entry);
  const value = FlagValue.safeParse(parsed);
  if (!value.success) {
    logger.warn(
      { flag: entry.key, revision: entry.revision, problems: value.error.issues.map((i) => i.message) },
      "flag value is not valid; the flag is treated as off",
    );
  }
  cache.apply({
    name: entry.key,
    value: value.success ? value.data : null,
    revision: entry.revision,
    updatedAt,
  });
}

function safeJson(entry: KvEntry): unknown {
  try {
    return entry.json<unknown>();
  } catch {
    return undefined;
  }
}

async function bucketName(bucket: Promise<KV>): Promise<string> {
  return (await bucket.then((kv) => kv.status())).bucket;
}
