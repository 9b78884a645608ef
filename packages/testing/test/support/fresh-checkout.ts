import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
} from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";

/**
 * Copies what a `git clone` of the working tree would hold — every tracked file plus every untracked file git does
 * not ignore, as they are now (uncommitted work included) — into `target`: no node_modules, no .env, no .postd.
 */
export function copyCheckout(options: { from: string; to: string }): number {
  const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], {
    cwd: options.from,
    maxBuffer: 64 * 1024 * 1024,
  })
    .toString("utf8")
    .split("\0")
    .filter((path) => path !== "");
  let copied = 0;
  for (const path of new Set(listed)) {
    const source = join(options.from, path);
    if (!existsSync(source) || !lstatSync(source).isFile()) continue;
    mkdirSync(dirname(join(options.to, path)), { recursive: true });
    copyFileSync(source, join(options.to, path));
    copied++;
  }
  return copied;
}

/** The commands of the README's "Quick start" block, one per line. */
export function quickStartCommands(readme: string): string[] {
  const section = readme.slice(readme.indexOf("## Quick start"));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  return block.split("\n").filter((line) => line.trim() !== "");
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ host: "127.0.0.1", port }, () => server.close(() => resolve(true)));
  });
}

/** An offset that moves every one of `ports` onto a port free right now (POSTD_PORT_OFFSET). */
export async function freePortOffset(ports: readonly number[]): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const offset = 20_000 + Math.floor(Math.random() * 30_000);
    const free = await Promise.all(ports.map((port) => portIsFree(port + offset)));
    if (free.every(Boolean)) return offset;
  }
  throw new Error("no free block of ports found");
}

/** The processes whose working directory lies inside `dir`: everything a run in that checkout started. */
export function processesUnder(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cwd = readlinkSync(`/proc/${entry}/cwd`);
      const state = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]?.[0];
      if ((cwd === dir || cwd.startsWith(`${dir}/`)) && state !== "Z") pids.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return pids;
}
