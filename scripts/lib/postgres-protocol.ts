import type { Parse } from "./socket-reader";

/*
 * The few messages of the PostgreSQL frontend/backend protocol (v3) that the checks need: startup,
 * authentication, simple query, terminate. Enough to ask a server for its version and to create a database
 * without a client library at the repository root.
 */

export interface BackendMessage {
  /** the message type byte as a character: "R" authentication, "E" error, "Z" ready, "D" data row, … */
  readonly type: string;
  readonly body: Buffer;
}

export const readBackendMessage: Parse<BackendMessage> = (buffer) => {
  if (buffer.length < 5) return undefined;
  const length = buffer.readInt32BE(1);
  if (buffer.length < 1 + length) return undefined;
  return {
    value: { type: String.fromCharCode(buffer[0] ?? 0), body: buffer.subarray(5, 1 + length) },
    size: 1 + length,
  };
};

function cString(text: string): Buffer {
  return Buffer.concat([Buffer.from(text, "utf8"), Buffer.from([0])]);
}

/** A typed frontend message: type byte, length (including itself), body. */
export function frontendMessage(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, "latin1");
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

export function startupMessage(parameters: Readonly<Record<string, string>>): Buffer {
  const pairs = Object.entries(parameters).flatMap(([key, value]) => [cString(key), cString(value)]);
  const body = Buffer.concat([...pairs, Buffer.from([0])]);
  const header = Buffer.alloc(8);
  header.writeInt32BE(body.length + 8, 0);
  header.writeInt32BE(196_608, 4); // protocol 3.0
  return Buffer.concat([header, body]);
}

export function queryMessage(sql: string): Buffer {
  return frontendMessage("Q", cString(sql));
}

export function passwordMessage(password: string): Buffer {
  return frontendMessage("p", cString(password));
}

export function saslInitialResponse(mechanism: string, data: string): Buffer {
  const payload = Buffer.from(data, "utf8");
  const length = Buffer.alloc(4);
  length.writeInt32BE(payload.length, 0);
  return frontendMessage("p", Buffer.concat([cString(mechanism), length, payload]));
}

export function saslResponse(data: string): Buffer {
  return frontendMessage("p", Buffer.from(data, "utf8"));
}

export const terminateMessage = frontendMessage("X", Buffer.alloc(0));

/** Null-terminated strings one after another (SASL mechanisms, ParameterStatus). */
export function readCStrings(body: Buffer): string[] {
  return body
    .toString("utf8")
    .split("\0")
    .filter((part) => part !== "");
}

export interface ServerError {
  readonly severity: string;
  /** SQLSTATE, e.g. 3D000 (database does not exist), 28P01 (wrong password) */
  readonly code: string;
  readonly message: string;
}

/** An ErrorResponse (or NoticeResponse): fields of one type byte and a string. */
export function parseErrorFields(body: Buffer): ServerError {
  const fields = new Map<string, string>();
  let offset = 0;
  while (offset < body.length && body[offset] !== 0) {
    const type = String.fromCharCode(body[offset] ?? 0);
    const end = body.indexOf(0, offset + 1);
    fields.set(type, body.toString("utf8", offset + 1, end));
    offset = end + 1;
  }
  return {
    severity: fields.get("S") ?? "ERROR",
    code: fields.get("C") ?? "",
    message: fields.get("M") ?? "",
  };
}

/** A DataRow: each column as text, or null. */
export function parseDataRow(body: Buffer): (string | null)[] {
  const count = body.readInt16BE(0);
  const columns: (string | null)[] = [];
  let offset = 2;
  for (let index = 0; index < count; index++) {
    const length = body.readInt32BE(offset);
    offset += 4;
    if (length === -1) {
      columns.push(null);
    } else {
      columns.push(body.toString("utf8", offset, offset + length));
      offset += length;
    }
  }
  return columns;
}

/** Quotes an identifier for SQL ("postd" → "\"postd\""). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a string literal for SQL (standard_conforming_strings is on since PostgreSQL 9.1). */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
