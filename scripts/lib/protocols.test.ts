import { describe, expect, it } from "vitest";
import { readNatsInfo } from "./check-nats";
import { formatCheck, isVersionAtLeast } from "./check-result";
import { md5PasswordResponse, ScramSession } from "./postgres-auth";
import { parseDataRow, parseErrorFields, readBackendMessage, startupMessage } from "./postgres-protocol";
import { encodeCommand, parseInfo, RedisError, readRedisReply } from "./redis-protocol";

describe("SCRAM-SHA-256", () => {
  it("computes the proof and checks the server signature of RFC 7677's example", () => {
    const session = new ScramSession({ user: "user", nonce: "rOprNGfwEbeRWgbNEkqO" });
    expect(session.clientFirstMessage()).toBe("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
    const serverFirst =
      "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    expect(session.clientFinalMessage({ serverFirst, password: "pencil" })).toBe(
      "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
    );
    expect(session.verifyServerFinal("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")).toBe(true);
    expect(session.verifyServerFinal("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")).toBe(false);
  });

  it("refuses a challenge whose nonce does not extend ours", () => {
    const session = new ScramSession({ nonce: "abc" });
    expect(() => session.clientFinalMessage({ serverFirst: "r=xyz,s=AAAA,i=4096", password: "p" })).toThrow(
      /malformed/,
    );
  });

  it("builds md5 responses as PostgreSQL expects", () => {
    // md5(md5("secret" + "postgres") + salt), computed independently with Python's hashlib
    const salt = Buffer.from([1, 2, 3, 4]);
    expect(md5PasswordResponse({ user: "postgres", password: "secret", salt })).toBe(
      "md5bb41a296aab6baccb36ff243a562abff",
    );
  });
});

describe("PostgreSQL messages", () => {
  it("frames a startup message with its length and protocol 3.0", () => {
    const message = startupMessage({ user: "postgres", database: "postd" });
    expect(message.readInt32BE(0)).toBe(message.length);
    expect(message.readInt32BE(4)).toBe(196_608);
    expect(message.subarray(8).toString("utf8")).toBe("user\0postgres\0database\0postd\0\0");
  });

  it("reads a message only once it is complete", () => {
    const row = Buffer.from([0x44, 0, 0, 0, 17, 0, 2, 0, 0, 0, 3, 0x61, 0x62, 0x63, 0xff, 0xff, 0xff, 0xff]);
    expect(readBackendMessage(row.subarray(0, 10))).toBeUndefined();
    const read = readBackendMessage(row);
    expect(read?.size).toBe(18);
    expect(read?.value.type).toBe("D");
    expect(parseDataRow(read?.value.body ?? Buffer.alloc(0))).toEqual(["abc", null]);
  });

  it("reads the SQLSTATE and message of an error", () => {
    const body = Buffer.from('SFATAL\0C3D000\0Mdatabase "postd" does not exist\0\0', "utf8");
    expect(parseErrorFields(body)).toEqual({
      severity: "FATAL",
      code: "3D000",
      message: 'database "postd" does not exist',
    });
  });
});

describe("Redis messages", () => {
  it("encodes commands as arrays of bulk strings", () => {
    expect(encodeCommand(["AUTH", "pässword"]).toString("utf8")).toBe(
      "*2\r\n$4\r\nAUTH\r\n$9\r\npässword\r\n",
    );
  });

  it("parses each reply kind and waits for incomplete ones", () => {
    expect(readRedisReply(Buffer.from("+PONG\r\n"))).toEqual({ value: "PONG", size: 7 });
    expect(readRedisReply(Buffer.from(":42\r\n"))?.value).toBe(42);
    expect(readRedisReply(Buffer.from("$-1\r\n"))?.value).toBeNull();
    expect(readRedisReply(Buffer.from("*2\r\n$1\r\na\r\n:1\r\n"))?.value).toEqual(["a", 1]);
    expect(readRedisReply(Buffer.from("$5\r\nab"))).toBeUndefined();
    expect(readRedisReply(Buffer.from("-NOAUTH Authentication required.\r\n"))?.value).toBeInstanceOf(
      RedisError,
    );
  });

  it("reads INFO fields", () => {
    const info = parseInfo("# Server\r\nredis_version:7.2.4\r\n# Memory\r\nmaxmemory_policy:noeviction\r\n");
    expect(info.get("redis_version")).toBe("7.2.4");
    expect(info.get("maxmemory_policy")).toBe("noeviction");
  });
});

describe("NATS greeting", () => {
  it("reads version and JetStream from the INFO line", () => {
    const line = Buffer.from('INFO {"version":"2.10.7","jetstream":true,"port":4222} \r\nPING\r\n');
    expect(readNatsInfo(line)?.value).toEqual({ version: "2.10.7", jetstream: true });
    expect(readNatsInfo(Buffer.from('INFO {"version":"2.9.0"}\r\n'))?.value.jetstream).toBe(false);
    expect(() => readNatsInfo(Buffer.from("HTTP/1.1 400 Bad Request\r\n"))).toThrow(/not a NATS greeting/);
  });
});

describe("check results", () => {
  it("compares versions by their numeric parts", () => {
    expect(isVersionAtLeast("15.20 (Debian 15.20-0+deb12u1)", "15")).toBe(true);
    expect(isVersionAtLeast("14.9", "15")).toBe(false);
    expect(isVersionAtLeast("2.10.7", "2.9")).toBe(true);
    expect(isVersionAtLeast("2.8.4", "2.9")).toBe(false);
    expect(isVersionAtLeast("7.0.15", "7")).toBe(true);
  });

  it("prints one line with the mark and the advice", () => {
    const line = formatCheck({
      server: "NATS",
      composeService: "nats",
      status: "down",
      summary: "NATS at 127.0.0.1:4222 does not answer",
      advice: "start it",
    });
    expect(line).toBe("❌ NATS at 127.0.0.1:4222 does not answer — start it");
  });
});
