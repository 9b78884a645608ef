import {
  DiscardPolicy,
  JetStreamApiError,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
  type StreamInfo,
} from "@nats-io/jetstream";
import { type NatsConnection, nanos } from "@nats-io/nats-core";
import {
  type EventDomain,
  eventDomains,
  type NatsNamespace,
  type StreamDefinition,
  streamFor,
} from "@postd/contracts";
import type { Logger } from "pino";

/** JetStream's error code for "stream name already in use with a different configuration". */
const streamNameInUse = 10058;

export interface EnsureStreamsOptions {
  logger?: Logger;
  /** only these domains' streams; default every domain (`allStreams(ns)`) */
  domains?: readonly EventDomain[];
  /** copies of each stream in a JetStream cluster; default 1 (3 in a production cluster) */
  replicas?: number;
}

/** The JetStream configuration of one of our event streams: file storage, kept by age, deduplicated by msg id. */
export function streamConfigFor(
  definition: StreamDefinition,
  options: { replicas?: number } = {},
): Partial<StreamConfig> & { name: string } {
  return {
    name: definition.name,
    subjects: [...definition.subjects],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: nanos(definition.maxAgeMs),
    duplicate_window: nanos(definition.duplicateWindowMs),
    num_replicas: options.replicas ?? 1,
  };
}

/**
 * Creates every event stream of the namespace (`allStreams(ns)` from @postd/contracts), or updates one whose
 * subjects, retention or duplicate window changed. Never lowers an existing stream's replicas (a caller that
 * asks for fewer — a consumer, an older replica — keeps what is there). Safe to run from every replica at start,
 * concurrently.
 */
export async function ensureStreams(
  nc: NatsConnection,
  ns: NatsNamespace,
  options: EnsureStreamsOptions = {},
): Promise<StreamInfo[]> {
  const jsm = await jetstreamManager(nc);
  const infos: StreamInfo[] = [];
  for (const domain of options.domains ?? eventDomains) {
    const definition = streamFor(ns, domain);
    const config = streamConfigFor(definition, { replicas: options.replicas ?? 1 });
    let info: StreamInfo;
    try {
      info = await jsm.streams.add(config);
      options.logger?.debug({ stream: config.name }, "stream ensured");
    } catch (error) {
      if (!(error instanceof JetStreamApiError && error.code === streamNameInUse)) throw error;
      const existing = await jsm.streams.info(config.name);
      const replicas = Math.max(existing.config.num_replicas, config.num_replicas ?? 1);
      info = await jsm.streams.update(config.name, { ...config, num_replicas: replicas });
      options.logger?.info({ stream: config.name }, "stream configuration updated");
    }
    infos.push(info);
  }
  return infos;
}
