import { pino } from "pino";
import { describe, expect, it, vi } from "vitest";
import { createShutdown } from "./create-shutdown";

interface LogLine {
  msg: string;
  step?: string;
  durationMs?: number;
  pending?: string[];
}

function capture() {
  const lines: LogLine[] = [];
  const logger = pino({ level: "trace" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { lines, logger };
}

/** A promise and the function that settles it, to hold a step open until the test lets it go. */
function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe("createShutdown", () => {
  it("runs phases in their fixed order whatever the registration order, steps of a phase together", async () => {
    const { logger } = capture();
    const shutdown = createShutdown({ logger, deadlineMs: 5000, exit: vi.fn() });
    const events: string[] = [];
    const httpGate = gate();
    shutdown.register("flush-telemetry", "otel", async () => {
      events.push("otel");
    });
    shutdown.register("close-clients", "postgres", async () => {
      events.push("postgres");
    });
    shutdown.register("stop-intake", "http", async () => {
      events.push("http started");
      await httpGate.opened;
      events.push("http done");
    });
    shutdown.register("stop-intake", "workers", async () => {
      events.push("workers started");
      httpGate.open();
    });
    shutdown.register("drain", "jobs", async () => {
      events.push("jobs");
    });

    await shutdown.run("test");

    expect(events).toEqual(["http started", "workers started", "http done", "jobs", "postgres", "otel"]);
  });

  it("runs once however often it is asked", async () => {
    const { logger } = capture();
    const shutdown = createShutdown({ logger, deadlineMs: 5000, exit: vi.fn() });
    const step = vi.fn(async () => {});
    shutdown.register("close-clients", "redis", step);

    const first = shutdown.run("SIGTERM");
    const second = shutdown.run("SIGINT");

    expect(second).toBe(first);
    await first;
    await shutdown.run("again");
    expect(step).toHaveBeenCalledTimes(1);
    expect(() => shutdown.register("drain", "late", async () => {})).toThrow(/already started/);
  });

  it("logs each step with its duration and carries on past a failing step", async () => {
    const { logger, lines } = capture();
    const shutdown = createShutdown({ logger, deadlineMs: 5000, exit: vi.fn() });
    shutdown.register("drain", "broken", async () => {
      throw new Error("already closed");
    });
    const later = vi.fn(async () => {});
    shutdown.register("close-clients", "nats", later);

    await shutdown.run("test");

    expect(later).toHaveBeenCalled();
    expect(lines.map((line) => [line.msg, line.step])).toEqual([
      ["shutdown started", undefined],
      ["shutdown step failed", "broken"],
      ["shutdown step done", "nats"],
      ["shutdown complete", undefined],
    ]);
    expect(
      lines.every((line) => line.msg === "shutdown started" || typeof line.durationMs === "number"),
    ).toBe(true);
  });

  it("exits 1 past the deadline and names what was still pending", async () => {
    const { logger, lines } = capture();
    const exit = vi.fn();
    const shutdown = createShutdown({ logger, deadlineMs: 30, exit });
    shutdown.register("drain", "stuck-worker", () => new Promise<void>(() => {}));
    shutdown.register("drain", "quick", async () => {});
    const after = vi.fn(async () => {});
    shutdown.register("close-clients", "postgres", after);

    await shutdown.run("test");

    expect(exit).toHaveBeenCalledWith(1);
    expect(after).not.toHaveBeenCalled();
    expect(lines.find((line) => line.msg === "shutdown deadline exceeded")?.pending).toEqual([
      "drain/stuck-worker",
    ]);
  });

  it("refuses two steps of one name in one phase", () => {
    const { logger } = capture();
    const shutdown = createShutdown({ logger, deadlineMs: 5000, exit: vi.fn() });
    shutdown.register("drain", "jobs", async () => {});
    expect(() => shutdown.register("drain", "jobs", async () => {})).toThrow(/twice/);
  });

  it("shuts down on SIGTERM, exits 0, and exits 1 at once on a second signal", async () => {
    const { logger } = capture();
    const exit = vi.fn();
    const shutdown = createShutdown({ logger, deadlineMs: 5000, exit });
    const stepGate = gate();
    const stepStarted = gate();
    shutdown.register("drain", "jobs", async () => {
      stepStarted.open();
      await stepGate.opened;
    });
    const remove = shutdown.installSignalHandlers();
    try {
      process.emit("SIGTERM", "SIGTERM");
      await stepStarted.opened;
      process.emit("SIGINT", "SIGINT");
      expect(exit).toHaveBeenCalledWith(1);
      stepGate.open();
      await shutdown.run("ignored");
      await vi.waitFor(() => expect(exit).toHaveBeenLastCalledWith(0), { timeout: 10_000, interval: 50 });
    } finally {
      remove();
    }
  });
});
