import { existsSync, readdirSync, readFileSync } from "node:fs";

/** Sends a signal to every process of a group; false when none is left. */
export function signalGroup(groupId: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-groupId, signal);
    return true;
  } catch {
    return false;
  }
}

function groupAndStateOf(pid: string): { groupId: number; state: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const [state, , groupId] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return state && groupId ? { state, groupId: Number(groupId) } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True while a process of the group is left that is not a zombie. pnpm may exit before the app it runs, whose
 * orphans some containers' PID 1 never reaps, so signal 0 alone would wait for corpses.
 */
export function isGroupAlive(groupId: number): boolean {
  if (!signalGroup(groupId, 0)) return false;
  if (!existsSync("/proc/self/stat")) return true;
  return readdirSync("/proc").some((entry) => {
    const stat = /^\d+$/.test(entry) ? groupAndStateOf(entry) : undefined;
    return stat !== undefined && stat.groupId === groupId && stat.state !== "Z";
  });
}
