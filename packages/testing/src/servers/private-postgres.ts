import { chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../free-port";
import { findPostgresBinDir, postgresServerUser, runBinary } from "./postgres-binaries";
import { createPrivateServer, type PrivateServer } from "./private-server";

export interface PrivatePostgresOptions {
  /** directory holding initdb, postgres and pg_isready; default the newest /usr/lib/postgresql/<major>/bin */
  readonly binDir?: string;
  /** extra server settings, passed as `-c key=value` */
  readonly settings?: Readonly<Record<string, string>>;
}

export interface PrivatePostgres extends PrivateServer {
  /** the URL of another database on this server */
  databaseUrl(database: string): string;
}

/**
 * A PostgreSQL cluster of our own: initdb (trust auth, superuser `postgres`) into a temporary directory, then
 * `postgres` in the foreground on a free port, its unix socket in that directory. `url` names the `postgres`
 * database. fsync is off: a killed server loses nothing (the OS keeps the writes), only a machine crash would.
 */
export async function startPrivatePostgres(options: PrivatePostgresOptions = {}): Promise<PrivatePostgres> {
  const binDir = options.binDir ?? findPostgresBinDir();
  const user = postgresServerUser();
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), "postd-pg-"));
  if (user) await chown(dataDir, user.uid, user.gid);
  const clusterDir = join(dataDir, "cluster");
  const initdb = await runBinary(
    join(binDir, "initdb"),
    ["-D", clusterDir, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"],
    { user, cwd: dataDir },
  );
  if (!initdb.ok) {
    await rm(dataDir, { recursive: true, force: true });
    throw new Error(`initdb failed:\n${initdb.output}`);
  }

  const settings = { fsync: "off", shared_buffers: "16MB", ...options.settings };
  const databaseUrl = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const server = createPrivateServer({
    kind: "postgres",
    port,
    url: databaseUrl("postgres"),
    dataDir,
    command: join(binDir, "postgres"),
    args: [
      "-D",
      clusterDir,
      "-p",
      String(port),
      "-k",
      dataDir,
      "-c",
      "listen_addresses=127.0.0.1",
      ...Object.entries(settings).flatMap(([key, value]) => ["-c", `${key}=${value}`]),
    ],
    uid: user?.uid,
    gid: user?.gid,
    // SIGINT is the "fast" shutdown: roll back open transactions and stop (SIGTERM would wait for clients)
    stopSignal: "SIGINT",
    isReady: async () =>
      (await runBinary(join(binDir, "pg_isready"), ["-q", "-h", "127.0.0.1", "-p", String(port)], {})).ok,
  });
  await server.start();
  return Object.assign(server, { databaseUrl });
}
