import { spawn } from "node:child_process";

/** Runs a command to completion; `inherit` shows its output. Resolves its exit code (127 when it cannot start). */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; inherit?: boolean; timeoutMs?: number },
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      stdio: options.inherit ? "inherit" : "ignore",
      timeout: options.timeoutMs,
    });
    child.once("error", () => resolve(127));
    child.once("exit", (code) => resolve(code ?? 1));
  });
}

/** Whether a Docker engine answers here (the `docker` client alone is not enough). */
export async function dockerEngineAnswers(rootDir: string): Promise<boolean> {
  return (await run("docker", ["info"], { cwd: rootDir, timeoutMs: 15_000 })) === 0;
}

/** `docker compose up -d <services…>` from the repository root, output shown. */
export async function composeUp(rootDir: string, services: readonly string[]): Promise<boolean> {
  return (await run("docker", ["compose", "up", "-d", ...services], { cwd: rootDir, inherit: true })) === 0;
}
