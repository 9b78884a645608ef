import {
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
  jetstreamManager,
} from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import type { NatsNamespace } from "@postd/contracts";
import { randomToken } from "./random-token";
import { sharedServers } from "./shared-servers";

export interface TestNatsNamespace {
  readonly url: string;
  /** `t<random>`: pass it to every namespaced()/namespacedName()/streamFor() call of the code under test */
  readonly ns: NatsNamespace;
  /** deletes the JetStream streams, KV buckets, object stores and consumers whose names carry the prefix */
  cleanup(): Promise<void>;
}

/** A subject and name prefix of its own on the shared NATS (or `url`'s), for one test file. */
export function createNatsNamespace(options: { url?: string } = {}): TestNatsNamespace {
  const url = options.url ?? sharedServers.natsUrl();
  const ns: NatsNamespace = Object.freeze({ prefix: `t${randomToken()}` });
  return {
    url,
    ns,
    async cleanup() {
      const connection = await connect({ ...natsConnectOptions(url), reconnect: false });
      try {
        await deleteNamespacedJetStream(await jetstreamManager(connection), ns.prefix);
      } finally {
        await connection.close();
      }
    },
  };
}

/**
 * The client ignores credentials in a server URL: `nats://user:password@host:port` (a server run with
 * infra/nats/nats.conf) becomes the URL without them plus `user`/`pass` and the user's reply inbox.
 */
export function natsConnectOptions(url: string): {
  servers: string;
  user?: string;
  pass?: string;
  inboxPrefix?: string;
} {
  const match = /^([a-z]+:\/\/)([^/@:]*)(?::([^/@]*))?@(.*)$/i.exec(url);
  if (!match) return { servers: url };
  const [, scheme = "", rawUser = "", pass = "", rest = ""] = match;
  const user = decodeURIComponent(rawUser);
  // the user's own reply inbox, the only one nats.conf lets it subscribe to (as service-kit's connectNats does)
  return { servers: `${scheme}${rest}`, user, pass: decodeURIComponent(pass), inboxPrefix: `_INBOX.${user}` };
}

/** `<prefix>_NAME`, and the streams behind KV buckets (`KV_<bucket>`) and object stores (`OBJ_<store>`). */
export function belongsToNamespace(name: string, prefix: string): boolean {
  const own = `${prefix}_`;
  return name.startsWith(own) || name.startsWith(`KV_${own}`) || name.startsWith(`OBJ_${own}`);
}

async function deleteNamespacedJetStream(jsm: JetStreamManager, prefix: string): Promise<void> {
  const streams: string[] = [];
  for await (const name of jsm.streams.names()) streams.push(name);
  for (const stream of streams) {
    if (belongsToNamespace(stream, prefix)) {
      await ignoreNotFound(jsm.streams.delete(stream));
      continue;
    }
    // a namespaced durable on someone else's stream (consumers of our own streams go with them)
    const consumers: string[] = [];
    await ignoreNotFound(
      (async () => {
        for await (const info of jsm.consumers.list(stream)) consumers.push(info.name);
      })(),
    );
    for (const consumer of consumers.filter((name) => belongsToNamespace(name, prefix))) {
      await ignoreNotFound(jsm.consumers.delete(stream, consumer));
    }
  }
}

/** Other test files delete their own streams concurrently; one vanishing under us is not an error. */
async function ignoreNotFound(work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch (error) {
    const gone =
      error instanceof JetStreamApiError &&
      (error.code === JetStreamApiCodes.StreamNotFound || error.code === JetStreamApiCodes.ConsumerNotFound);
    if (!gone) throw error;
  }
}
