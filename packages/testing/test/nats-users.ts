import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { natsConnectOptions, type PrivateServer, startPrivateNats } from "../src/index";

/** infra/nats/nats.conf: the production NATS permissions, one user per service. */
export const natsConfPath = fileURLToPath(new URL("../../../infra/nats/nats.conf", import.meta.url));

export const natsUsers = [
  "gateway",
  "oauth-service",
  "token-service",
  "publish-service",
  "health-service",
  "webhook-service",
  "postd-cli",
] as const;
export type NatsUser = (typeof natsUsers)[number];

/** `publish-service` → `NATS_PUBLISH_SERVICE_PASSWORD`, the variable nats.conf reads the password from. */
export const passwordVariable = (user: NatsUser) =>
  `NATS_${user.toUpperCase().replaceAll("-", "_")}_PASSWORD`;

export interface PermissionedNats {
  server: PrivateServer;
  /** `nats://<user>:<password>@127.0.0.1:<port>`: what a service's NATS_URL holds in production */
  urlFor(user: NatsUser): string;
  connectAs(user: NatsUser): Promise<NatsConnection>;
  /** the server's log lines about permission violations so far */
  violations(): string[];
}

/** A private nats-server (JetStream on) running infra/nats/nats.conf, with fresh passwords for every user. */
export async function startPermissionedNats(): Promise<PermissionedNats> {
  // letter first, then hex: NATS parses a variable's value like a config value (a leading digit is a number)
  const passwords = new Map(natsUsers.map((user) => [user, `p${randomBytes(18).toString("hex")}`]));
  const env = Object.fromEntries(
    natsUsers.map((user) => [passwordVariable(user), passwords.get(user) ?? ""]),
  );
  const server = await startPrivateNats({ args: ["-c", natsConfPath], env });
  const urlFor = (user: NatsUser) =>
    `nats://${user}:${encodeURIComponent(passwords.get(user) ?? "")}@127.0.0.1:${server.port}`;
  return {
    server,
    urlFor,
    connectAs: (user) => connect({ ...natsConnectOptions(urlFor(user)), reconnect: false }),
    // the server logs `Publish Violation - User "<user>", Subject "<subject>"` (and `Subscription Violation`)
    violations: () =>
      server
        .output()
        .split("\n")
        .filter((line) => /(Publish|Subscription) Violation/.test(line)),
  };
}
