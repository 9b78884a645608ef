import type { Socket } from "node:net";
import { endpointOf } from "./local-config";
import { md5PasswordResponse, ScramSession } from "./postgres-auth";
import {
  type BackendMessage,
  parseDataRow,
  parseErrorFields,
  passwordMessage,
  queryMessage,
  readBackendMessage,
  readCStrings,
  type ServerError,
  saslInitialResponse,
  saslResponse,
  startupMessage,
  terminateMessage,
} from "./postgres-protocol";
import { openSocket, SocketReader } from "./socket-reader";

/** A server error with its SQLSTATE, so callers can tell "database missing" (3D000) from the rest. */
export class PostgresServerError extends Error {
  readonly code: string;
  constructor(error: ServerError) {
    super(error.message);
    this.name = "PostgresServerError";
    this.code = error.code;
  }
}

export interface PostgresSession {
  /** `server_version` as the server reported it at startup, e.g. "15.4 (Debian 15.4-1)" */
  readonly serverVersion: string;
  /** runs one statement (simple query protocol) and returns its rows as text */
  query(sql: string): Promise<(string | null)[][]>;
  close(): void;
}

interface Credentials {
  readonly user: string;
  readonly password: string;
}

async function nextMessage(reader: SocketReader): Promise<BackendMessage> {
  const message = await reader.read(readBackendMessage);
  if (message.type === "E") throw new PostgresServerError(parseErrorFields(message.body));
  return message;
}

async function scram(socket: Socket, reader: SocketReader, credentials: Credentials): Promise<void> {
  const session = new ScramSession();
  socket.write(saslInitialResponse("SCRAM-SHA-256", session.clientFirstMessage()));
  const challenge = await nextMessage(reader);
  const serverFirst = challenge.body.subarray(4).toString("utf8");
  socket.write(saslResponse(session.clientFinalMessage({ serverFirst, password: credentials.password })));
  const final = await nextMessage(reader);
  if (!session.verifyServerFinal(final.body.subarray(4).toString("utf8"))) {
    throw new Error("the server's SCRAM signature does not match: it may not be the server you think");
  }
}

/** Answers the authentication requests until AuthenticationOk; trust, password, md5 and SCRAM-SHA-256. */
async function authenticate(socket: Socket, reader: SocketReader, credentials: Credentials): Promise<void> {
  for (;;) {
    const message = await nextMessage(reader);
    if (message.type !== "R") continue;
    const kind = message.body.readInt32BE(0);
    if (kind === 0) return;
    if (kind === 3) socket.write(passwordMessage(credentials.password));
    else if (kind === 5) {
      const salt = message.body.subarray(4, 8);
      socket.write(passwordMessage(md5PasswordResponse({ ...credentials, salt })));
    } else if (kind === 10 && readCStrings(message.body.subarray(4)).includes("SCRAM-SHA-256")) {
      await scram(socket, reader, credentials);
    } else
      throw new Error(`the server asks for an authentication method this check does not speak (${kind})`);
  }
}

async function readUntilReady(
  reader: SocketReader,
  onMessage: (message: BackendMessage) => void,
): Promise<void> {
  let failure: PostgresServerError | undefined;
  for (;;) {
    // after a FATAL error (e.g. the database does not exist) the server closes instead of saying it is ready
    const message = await reader.read(readBackendMessage).catch((error: unknown) => {
      throw failure ?? error;
    });
    if (message.type === "Z") break;
    if (message.type === "E") failure ??= new PostgresServerError(parseErrorFields(message.body));
    else onMessage(message);
  }
  if (failure) throw failure;
}

/** Connects to the database the URL names. TLS (sslmode) is not spoken: the checks target local servers. */
export async function connectPostgres(
  url: string,
  options: { timeoutMs?: number } = {},
): Promise<PostgresSession> {
  const parsed = new URL(url);
  const credentials = {
    user: decodeURIComponent(parsed.username) || "postgres",
    password: decodeURIComponent(parsed.password),
  };
  const database = decodeURIComponent(parsed.pathname.slice(1)) || credentials.user;
  const socket = await openSocket({ ...endpointOf(url, 5432), timeoutMs: options.timeoutMs ?? 5_000 });
  const reader = new SocketReader(socket);
  try {
    socket.write(startupMessage({ user: credentials.user, database, application_name: "postd-scripts" }));
    await authenticate(socket, reader, credentials);
    let serverVersion = "";
    await readUntilReady(reader, (message) => {
      const [name, value] = readCStrings(message.body);
      if (message.type === "S" && name === "server_version") serverVersion = value ?? "";
    });
    return {
      serverVersion,
      async query(sql) {
        const rows: (string | null)[][] = [];
        socket.write(queryMessage(sql));
        await readUntilReady(reader, (message) => {
          if (message.type === "D") rows.push(parseDataRow(message.body));
        });
        return rows;
      },
      close() {
        socket.end(terminateMessage);
      },
    };
  } catch (error) {
    socket.destroy();
    throw error;
  }
}
