import { pgSchema } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { notifyOutbox } from "./notify-outbox";
import { createOutboxTable } from "./outbox-table";

const table = createOutboxTable(pgSchema("notify_test"));

/** A writer whose NOTIFYs complete when the test says so. */
function fakeDb() {
  const pending: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  const db = {
    execute: () =>
      new Promise<void>((resolve, reject) => {
        pending.push({ resolve, reject });
      }),
  };
  return { db: db as unknown as Parameters<typeof notifyOutbox>[0], pending };
}

describe("notifyOutbox", () => {
  it("sends at once, then one more for every call made while a NOTIFY was on its way", async () => {
    const { db, pending } = fakeDb();
    const first = notifyOutbox(db, table);
    expect(pending).toHaveLength(1);
    const second = notifyOutbox(db, table);
    const third = notifyOutbox(db, table);
    expect(pending).toHaveLength(1);
    pending[0]?.resolve();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(pending).toHaveLength(2);
    pending[1]?.resolve();
    await Promise.all([second, third]);
    expect(pending).toHaveLength(2);
  });

  it("still sends the next NOTIFY when the one on its way fails", async () => {
    const { db, pending } = fakeDb();
    const first = notifyOutbox(db, table);
    const second = notifyOutbox(db, table);
    pending[0]?.reject(new Error("connection lost"));
    await expect(first).rejects.toThrow("connection lost");
    await new Promise((resolve) => setImmediate(resolve));
    expect(pending).toHaveLength(2);
    pending[1]?.resolve();
    await second;
  });
});
