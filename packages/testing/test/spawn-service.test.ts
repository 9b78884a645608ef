import { describe, expect, it } from "vitest";
import { isProcessAlive, spawnService } from "../src/index";

const node = process.execPath;

// says it listens only once its SIGTERM handler is in place, as an app does
const politeService = `
  process.on("SIGTERM", () => { process.stderr.write("draining\\n"); process.exit(0); });
  process.stdout.write("listening\\n");
  setInterval(() => {}, 60_000);
`;

describe("spawnService", () => {
  it("resolves once the output matches readyWhen and stops cleanly on SIGTERM", async () => {
    const service = await spawnService({
      command: node,
      args: ["-e", politeService],
      readyWhen: /listening/,
    });
    expect(isProcessAlive(service.pid)).toBe(true);

    const exit = await service.stop();

    expect(exit).toEqual({ code: 0, signal: null });
    expect(service.output()).toContain("listening\ndraining\n");
    expect(await service.waitForExit()).toEqual(exit);
  });

  it("takes a polled readiness check and passes env over the parent's", async () => {
    let polls = 0;
    const service = await spawnService({
      command: node,
      args: ["-e", `process.stdout.write(process.env.GREETING + "\\n"); setInterval(() => {}, 60_000);`],
      env: { GREETING: "hello from env" },
      readyWhen: async () => ++polls >= 3,
    });
    expect(polls).toBe(3);
    await service.waitForOutput(/hello from env/);
    service.kill();
    expect(await service.waitForExit()).toEqual({ code: null, signal: "SIGKILL" });
  });

  it("SIGKILLs the whole process group, grandchildren included", async () => {
    const parent = `
      const { spawn } = require("node:child_process");
      const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 60000)"], { stdio: "ignore" });
      process.stdout.write("grandchild=" + child.pid + "\\n");
      setInterval(() => {}, 60_000);
    `;
    const service = await spawnService({
      command: node,
      args: ["-e", parent],
      readyWhen: /grandchild=\d+\n/,
    });
    const [, pid] = (await service.waitForOutput(/grandchild=(\d+)/)) ?? [];
    const grandchild = Number(pid);
    expect(isProcessAlive(grandchild)).toBe(true);

    service.kill("SIGKILL");
    await service.waitForExit();

    await expect.poll(() => isProcessAlive(grandchild)).toBe(false);
  });

  it("fails with the output when the process exits before it is ready", async () => {
    await expect(
      spawnService({
        command: node,
        args: ["-e", `process.stderr.write("config invalid: DATABASE_URL\\n"); process.exit(1);`],
        readyWhen: /listening/,
      }),
    ).rejects.toThrow(/config invalid: DATABASE_URL/);
  });
});
