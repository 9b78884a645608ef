import { Writable } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { createLogger } from "./create-logger";

/** A token value that must never appear in any output, in whole or in part. */
const CANARY = "cnry_7F3a-9.Q~Zk";
const CANARY_CORE = "7F3a-9";

/** Collects what the logger writes, as pino's DestinationStream (JSON) or a Writable (pretty). */
function collectingStream() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join("") };
}

function errorChain(): Error {
  const root = Object.assign(new Error(`upstream refused https://api.test/x?access_token=${CANARY}`), {
    refreshToken: CANARY,
    response: { headers: { "set-cookie": [`sid=${CANARY}`] }, body: `{"access_token":"${CANARY}"}` },
  });
  const middle = new Error(`exchange failed for code=${CANARY}`, { cause: root });
  const outer = Object.assign(new Error("token refresh failed", { cause: middle }), {
    code: "PLATFORM_ERROR",
    config: { headers: { Authorization: `Bearer ${CANARY}` }, data: `client_secret=${CANARY}` },
  });
  return outer;
}

class FakeRequest {
  method = "GET";
  url = `/oauth/callback?state=st_1&code=${CANARY}`;
  headers = { authorization: `Bearer ${CANARY}`, cookie: `sid=${CANARY}`, host: "gw.test" };
  socket = { remoteAddress: "127.0.0.1", remotePort: 5555 };
}

/** Logs the canary in every position a secret can reach a log line. */
function logEverywhere(log: ReturnType<typeof createLogger>): void {
  log.info(
    {
      req: { headers: { authorization: `Bearer ${CANARY}`, cookie: `a=${CANARY}` } },
      headers: {
        Authorization: CANARY,
        "Proxy-Authorization": CANARY,
        "X-Api-Key": CANARY,
        accept: "keep-accept",
      },
      HEADERS: { AUTHORIZATION: CANARY, "Set-Cookie": [CANARY, CANARY] },
      access_token: CANARY,
      refresh_token: CANARY,
      id_token: CANARY,
      code: CANARY,
      client_secret: CANARY,
      password: CANARY,
      dbPassword: CANARY,
      apiKey: CANARY,
      myToken: CANARY,
      SECRET_VALUE: CANARY,
      code_verifier: CANARY,
      nested: {
        a: { b: { c: { d: { e: { sessionToken: CANARY, webhookSecret: CANARY, keep: "keep-deep" } } } } },
      },
      list: [{ token: CANARY }, [{ clientSecret: CANARY }], [[{ refresh_token: CANARY }]]],
      tokens: [CANARY, CANARY],
      url: `https://graph.test/v20/me?fields=id&access_token=${CANARY}`,
      location: `https://app.test/cb?state=s&code=${CANARY}`,
      urls: [`https://x.test/?token=${CANARY}`, `https://x.test/?refresh_token=${CANARY}&y=1`],
      form: `grant_type=authorization_code&code=${CANARY}&client_secret=${CANARY}&redirect_uri=x`,
      redirect: `https://gw.test/start?next=%2Fcb%3Fcode%3D${CANARY}%26state%3D1`,
      body: `{"access_token":"${CANARY}","expires_in":3600}`,
      headerDump: `Authorization: Bearer ${CANARY}`,
      message: `retrying https://x.test/?client_secret=${CANARY}`,
      detail: `see https://x.test/?access_token=${CANARY}`,
      urlObject: new URL(`https://x.test/cb?code=${CANARY}`),
      details: { failure: errorChain() },
      err: errorChain(),
    },
    "calling %s with %o",
    `https://api.test/x?access_token=${CANARY}`,
    { token: CANARY },
  );
  log.info(`message text https://x.test/?access_token=${CANARY}&code=${CANARY}`);
  log.error(errorChain());
  log.error(new Error(`bare error https://x.test/?token=${CANARY}`));
  log.warn(
    { err: new AggregateError([errorChain(), new Error(`?code=${CANARY}`)], "all failed") },
    "aggregate",
  );
  log.info({ req: new FakeRequest() }, "incoming request");

  const cyclic: Record<string, unknown> = { secret: CANARY };
  cyclic.self = cyclic;
  log.info({ cyclic }, "cyclic");

  // Serializers a framework adds on a child (Fastify does) run after the deep walk: the fixed header paths and
  // the line scrub still apply to what they produce.
  const framework = log.child(
    {},
    { serializers: { req: () => ({ headers: { cookie: CANARY, "set-cookie": [CANARY] } }) } },
  );
  framework.info({ req: new FakeRequest() }, "framework request");
  const upstream = log.child(
    {},
    { serializers: { upstream: () => `https://api.test/x?access_token=${CANARY}` } },
  );
  upstream.info({ upstream: "x" }, "framework url");

  const child = log.child({ tenantId: "ten_keep", token: CANARY, auth: { authorization: CANARY } });
  child.info({ requestId: "req_keep" }, "child line");
  child.child({ credentials: { password: CANARY } }).warn(`grandchild ?token=${CANARY}`);
}

describe("log redaction (acceptance)", () => {
  it("never writes the canary in JSON output, whatever position it was logged in", () => {
    const { stream, text } = collectingStream();
    const log = createLogger({ service: "canary", destination: stream, base: { deployToken: CANARY } });
    logEverywhere(log);
    const output = text();

    expect(output).not.toContain(CANARY);
    expect(output).not.toContain(CANARY_CORE);
    const lines = output
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(11);
    // What is not secret survives, so the test would notice a logger that drops everything.
    expect(output).toContain("keep-accept");
    expect(output).toContain("keep-deep");
    expect(output).toContain("ten_keep");
    expect(output).toContain("req_keep");
    expect(output).toContain('"code":"PLATFORM_ERROR"');
    expect(output).toContain("token refresh failed");
    expect(lines[0]).toMatchObject({
      service: "canary",
      level: "info",
      access_token: "[REDACTED]",
      url: "https://graph.test/v20/me?fields=id&access_token=[REDACTED]",
      err: { type: "Error", cause: { cause: { refreshToken: "[REDACTED]" } } },
    });
    expect(lines[5]).toMatchObject({
      req: { method: "GET", url: "/oauth/callback?state=st_1&code=[REDACTED]" },
    });
    expect(lines[5]?.req).not.toHaveProperty("headers");
  });

  it("never writes the canary in pretty output either", async () => {
    const { stream, text } = collectingStream();
    const log = createLogger({ service: "canary", pretty: true, destination: stream });
    logEverywhere(log);
    log.info("pretty-done");
    await vi.waitFor(() => expect(text()).toContain("pretty-done"), { timeout: 10_000, interval: 50 });

    expect(text()).not.toContain(CANARY);
    expect(text()).not.toContain(CANARY_CORE);
    expect(text()).toContain("keep-deep");
  });
});
