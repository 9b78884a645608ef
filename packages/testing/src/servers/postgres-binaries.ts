import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const debianRoot = "/usr/lib/postgresql";

/** The newest Debian-layout `bin` directory holding initdb and postgres (`/usr/lib/postgresql/<major>/bin`). */
export function findPostgresBinDir(): string {
  const majors = existsSync(debianRoot)
    ? readdirSync(debianRoot)
        .filter((name) => /^\d+$/.test(name) && existsSync(join(debianRoot, name, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = majors[0];
  if (!newest) {
    throw new Error(
      `no PostgreSQL server binaries under ${debianRoot}/*/bin; install them (Debian: apt-get install postgresql) or pass binDir`,
    );
  }
  return join(debianRoot, newest, "bin");
}

export interface OsUser {
  readonly uid: number;
  readonly gid: number;
}

/**
 * initdb and postgres refuse to run as root. When the tests run as root, the server runs as the `postgres`
 * account (which the Debian packages create) through spawn's uid/gid; otherwise as the current user.
 */
export function postgresServerUser(): OsUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((entry) => entry.startsWith("postgres:"));
  const [, , uid, gid] = line?.split(":") ?? [];
  if (!uid || !gid) {
    throw new Error("running as root and there is no `postgres` account to run a private PostgreSQL as");
  }
  return { uid: Number(uid), gid: Number(gid) };
}

export function runBinary(
  command: string,
  args: readonly string[],
  options: { user?: OsUser; cwd?: string },
): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile(
      command,
      [...args],
      { uid: options.user?.uid, gid: options.user?.gid, cwd: options.cwd, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ ok: !error, output: `${stdout}${stderr}` }),
    );
  });
}
