import { rmSync } from "node:fs";

/**
 * Everything this process started and must not outlive it: process groups to SIGKILL and temporary directories to
 * delete when the process exits. A test that forgets its `afterAll` still leaves nothing running behind; a process
 * killed outright is covered by each group's watchdog instead (see spawn-group.ts).
 */
const liveGroups = new Set<number>();
const ownedDirectories = new Set<string>();
let installed = false;

function cleanUpNow(): void {
  for (const groupId of liveGroups) signalGroup(groupId, "SIGKILL");
  liveGroups.clear();
  for (const directory of ownedDirectories) {
    rmSync(directory, { recursive: true, force: true, maxRetries: 3 });
  }
  ownedDirectories.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.once("exit", cleanUpNow);
}

/** Sends a signal to a whole process group; a group that is already gone is not an error. */
export function signalGroup(groupId: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-groupId, signal);
    return true;
  } catch {
    return false;
  }
}

export function trackGroup(groupId: number): void {
  install();
  liveGroups.add(groupId);
}

export function untrackGroup(groupId: number): void {
  liveGroups.delete(groupId);
}

export function trackDirectory(directory: string): void {
  install();
  ownedDirectories.add(directory);
}

export function untrackDirectory(directory: string): void {
  ownedDirectories.delete(directory);
}
