/** What `connect()` needs from NATS_URL: the servers without credentials, and the user and password if any. */
export interface NatsServersAndCredentials {
  servers: string[];
  user?: string;
  pass?: string;
  /**
   * `_INBOX.<user>` when a user is given: replies to this connection's requests arrive under a prefix that only
   * this user may subscribe to (infra/nats/nats.conf), so no other service can read them. Else NATS's default.
   */
  inboxPrefix?: string;
}

/** A NATS subject token: no dots, wildcards or whitespace (the user name becomes one in the inbox prefix). */
const subjectToken = /^[A-Za-z0-9_-]+$/;

/**
 * Takes `nats://user:password@host:4222[,nats://user:password@host2:4222]` apart: the NATS client ignores
 * credentials in server URLs, so they are passed as `user`/`pass` and the URLs are kept without them (they are
 * also what gets logged). Every URL must carry the same credentials, or none. Percent-escapes are decoded, so a
 * password may hold any character.
 */
export function natsServersAndCredentials(url: string): NatsServersAndCredentials {
  const entries = url
    .split(",")
    .map((server) => server.trim())
    .filter((server) => server.length > 0)
    .map(splitCredentials);
  const users = new Set(entries.map((entry) => `${entry.user ?? ""}\u0000${entry.pass ?? ""}`));
  if (users.size > 1) throw new Error("every NATS_URL server must carry the same user and password, or none");
  const servers = entries.map((entry) => entry.server);
  const [first] = entries;
  if (!first?.user) return { servers };
  if (!subjectToken.test(first.user)) {
    throw new Error("a NATS user name may hold only letters, digits, _ and - (it names the reply inbox)");
  }
  return { servers, user: first.user, pass: first.pass ?? "", inboxPrefix: `_INBOX.${first.user}` };
}

function splitCredentials(server: string): { server: string; user?: string; pass?: string } {
  const match = /^([a-z]+:\/\/)([^/@]*)@(.*)$/i.exec(server);
  if (!match) return { server };
  const [, scheme = "", userInfo = "", rest = ""] = match;
  const colon = userInfo.indexOf(":");
  const user = decodeURIComponent(colon < 0 ? userInfo : userInfo.slice(0, colon));
  const pass = colon < 0 ? undefined : decodeURIComponent(userInfo.slice(colon + 1));
  return { server: `${scheme}${rest}`, ...(user ? { user } : {}), ...(pass === undefined ? {} : { pass }) };
}
