import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux). */
const ticksPerSecond = 100;
const pageBytes = 4096;

export interface ProcessUsage {
  /** user + system CPU time of the process and every live descendant, ms */
  cpuMs: number;
  /** resident memory of the process and every live descendant, bytes */
  rssBytes: number;
}

interface StatLine {
  pid: number;
  ppid: number;
  cpuTicks: number;
  rssPages: number;
}

function readStat(pid: number): StatLine | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // the command name (field 2) may hold spaces: the fields after it start past the last ')'
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return {
      pid,
      ppid: Number(fields[1]),
      cpuTicks: Number(fields[11]) + Number(fields[12]),
      rssPages: Number(fields[21]),
    };
  } catch {
    return null;
  }
}

/** CPU time and memory of each root process with its descendants (a Postgres server's backends, say). */
export function sampleProcessTrees(roots: readonly number[]): Map<number, ProcessUsage> {
  const stats = readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((stat): stat is StatLine => stat !== null);
  const children = new Map<number, StatLine[]>();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  const byPid = new Map(stats.map((stat) => [stat.pid, stat]));
  const usage = new Map<number, ProcessUsage>();
  for (const root of roots) {
    let ticks = 0;
    let pages = 0;
    const pending = [byPid.get(root)].filter((stat): stat is StatLine => stat !== undefined);
    while (pending.length > 0) {
      const stat = pending.pop();
      if (!stat) break;
      ticks += stat.cpuTicks;
      pages += stat.rssPages;
      pending.push(...(children.get(stat.pid) ?? []));
    }
    usage.set(root, { cpuMs: (ticks * 1000) / ticksPerSecond, rssBytes: pages * pageBytes });
  }
  return usage;
}
