import { describe, expect, it } from "vitest";
import { natsServersAndCredentials } from "./nats-credentials";

describe("natsServersAndCredentials", () => {
  it("leaves URLs without credentials alone", () => {
    expect(natsServersAndCredentials("nats://127.0.0.1:4222, nats://10.0.0.2:4222")).toEqual({
      servers: ["nats://127.0.0.1:4222", "nats://10.0.0.2:4222"],
    });
  });

  it("takes user and password out of every URL, decodes them, and names the reply inbox after the user", () => {
    const parsed = natsServersAndCredentials(
      "nats://publish-service:p%40ss%3Aw0rd@nats-0:4222,nats://publish-service:p%40ss%3Aw0rd@nats-1:4222",
    );
    expect(parsed).toEqual({
      servers: ["nats://nats-0:4222", "nats://nats-1:4222"],
      user: "publish-service",
      pass: "p@ss:w0rd",
      inboxPrefix: "_INBOX.publish-service",
    });
  });

  it("accepts a user without a password", () => {
    expect(natsServersAndCredentials("tls://gateway@nats:4222")).toMatchObject({
      servers: ["tls://nats:4222"],
      user: "gateway",
      pass: "",
    });
  });

  it("refuses servers with different credentials, and a user that cannot name an inbox", () => {
    expect(() => natsServersAndCredentials("nats://a:x@n1:4222,nats://b:y@n2:4222")).toThrow(
      "same user and password",
    );
    expect(() => natsServersAndCredentials("nats://a:x@n1:4222,nats://n2:4222")).toThrow("same user");
    expect(() => natsServersAndCredentials("nats://a.b:x@n1:4222")).toThrow("letters, digits");
  });
});
