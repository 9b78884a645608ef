import { sql } from "drizzle-orm";
import type { OutboxWriter } from "./enqueue-event";
import { type OutboxTable, outboxChannel, outboxSchemaName } from "./outbox-table";

interface NotifyState {
  /** the NOTIFY on its way, if any */
  running: Promise<void> | null;
  /** the one to send once it is done, shared by every caller meanwhile */
  next: Promise<void> | null;
}

const states = new WeakMap<object, Map<string, NotifyState>>();

/**
 * Wakes the outbox relays of `table`'s schema with a NOTIFY of its own, for a writer that enqueued its events with
 * `notify: false` and has committed. Postgres serializes the commits of transactions that NOTIFY (a cluster-wide
 * lock held through the commit's WAL flush), so a hot writer's transactions stop queueing behind one another when
 * the NOTIFY leaves them; sent on its own it flushes no WAL and holds that lock for microseconds.
 *
 * Calls coalesce per database and channel: at most one NOTIFY on its way and one more after it (a NOTIFY already
 * sent may have left before the caller's commit), so every commit is followed by a NOTIFY. Call it after the
 * commit only (a rolled-back transaction should wake nobody); resolves once the NOTIFY that covers this call is
 * sent. A lost NOTIFY (rejection, crash before it) costs at most the relay's poll interval.
 */
export function notifyOutbox(db: Pick<OutboxWriter, "execute">, table: OutboxTable): Promise<void> {
  const channel = outboxChannel(outboxSchemaName(table));
  let byChannel = states.get(db);
  if (!byChannel) {
    byChannel = new Map();
    states.set(db, byChannel);
  }
  let state = byChannel.get(channel);
  if (!state) {
    state = { running: null, next: null };
    byChannel.set(channel, state);
  }
  const current = state;
  if (!current.running) {
    const sent = db.execute(sql`select pg_notify(${channel}, '')`).then(() => undefined);
    current.running = sent.finally(() => {
      current.running = null;
    });
    return current.running;
  }
  if (!current.next) {
    current.next = current.running
      .catch(() => undefined)
      .then(() => {
        current.next = null;
        return notifyOutbox(db, table);
      });
  }
  return current.next;
}
