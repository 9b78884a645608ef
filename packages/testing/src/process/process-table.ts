import { existsSync, readdirSync, readFileSync } from "node:fs";

/*
 * Liveness from /proc, because signal 0 counts zombies as alive: a process orphaned by a SIGKILL is reparented to
 * PID 1, and in some containers PID 1 never reaps it. A zombie holds no port, file or memory, so it is dead here.
 */

interface ProcessStat {
  readonly state: string;
  readonly groupId: number;
}

function readStat(pid: string): ProcessStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (command) state ppid pgrp ...": the command may hold spaces and parentheses
    const [state, , groupId] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return state && groupId ? { state, groupId: Number(groupId) } : undefined;
  } catch {
    return undefined;
  }
}

function signalReaches(target: number): boolean {
  try {
    process.kill(target, 0);
    return true;
  } catch {
    return false;
  }
}

/** True while the process exists and is not a zombie. */
export function isProcessAlive(pid: number): boolean {
  if (!existsSync("/proc/self/stat")) return signalReaches(pid);
  const stat = readStat(String(pid));
  return stat !== undefined && stat.state !== "Z";
}

/** True while any process of the group is left that is not a zombie. */
export function isGroupAlive(groupId: number): boolean {
  if (!existsSync("/proc/self/stat")) return signalReaches(-groupId);
  if (!signalReaches(-groupId)) return false;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (stat && stat.groupId === groupId && stat.state !== "Z") return true;
  }
  return false;
}
