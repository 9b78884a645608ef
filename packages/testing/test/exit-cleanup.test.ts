import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isProcessAlive, spawnService } from "../src/index";

const fixture = fileURLToPath(new URL("./fixtures/leave-server-running.ts", import.meta.url));
const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));

async function runFixture(mode: "exit" | "wait") {
  const owner = await spawnService({
    command: process.execPath,
    args: ["--import", "tsx", fixture, mode],
    cwd: repoRoot,
    readyWhen: /server pid=\d+ dir=\S+\n/,
  });
  const [, pid, dir] = owner.output().match(/server pid=(\d+) dir=(\S+)/) ?? [];
  return { owner, serverPid: Number(pid), dataDir: String(dir) };
}

describe("private servers outlive nobody", () => {
  it("are killed and their directories deleted when the owning process exits", async () => {
    const { owner, serverPid, dataDir } = await runFixture("exit");
    expect(await owner.waitForExit()).toEqual({ code: 0, signal: null });
    await expect.poll(() => isProcessAlive(serverPid)).toBe(false);
    expect(existsSync(dataDir)).toBe(false);
  });

  it("are killed by their watchdog when the owning process is SIGKILLed", async () => {
    const { owner, serverPid, dataDir } = await runFixture("wait");
    expect(isProcessAlive(serverPid)).toBe(true);

    owner.kill("SIGKILL");
    await owner.waitForExit();

    await expect.poll(() => isProcessAlive(serverPid), { timeout: 10_000 }).toBe(false);
    await expect.poll(() => existsSync(dataDir), { timeout: 10_000 }).toBe(false);
  });
});
