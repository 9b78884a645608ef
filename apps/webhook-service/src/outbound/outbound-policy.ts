import { lookup } from "node:dns/promises";
import { isIpLiteral, nonPublicReason, stripBrackets } from "./ip-address";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address a hostname resolves to. Injectable so tests can make an answer change between check and send. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** The system resolver (getaddrinfo: /etc/hosts, then DNS), every answer. */
export const systemResolver: Resolver = async (hostname) => {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map((answer) => ({ address: answer.address, family: answer.family === 6 ? 6 : 4 }));
};

/** Where outgoing webhooks may go (ADR 0018). */
export interface OutboundPolicy {
  /** lower-case host names or IP addresses that may be private and use http (local development, tests) */
  allowedHosts: ReadonlySet<string>;
  /** every host may resolve to a private address (still https unless allowed) */
  allowPrivateNetworks: boolean;
  resolve: Resolver;
}

export function createOutboundPolicy(input: {
  allowedHosts: readonly string[];
  allowPrivateNetworks: boolean;
  resolve?: Resolver;
}): OutboundPolicy {
  return {
    allowedHosts: new Set(input.allowedHosts.map((host) => normalizeHost(host))),
    allowPrivateNetworks: input.allowPrivateNetworks,
    resolve: input.resolve ?? systemResolver,
  };
}

/** A refusal with a reason fit for the tenant (it names the rule, never our network). */
export class OutboundRefusedError extends Error {
  constructor(
    readonly reason: string,
    options: { cause?: unknown } = {},
  ) {
    super(reason, options);
    this.name = "OutboundRefusedError";
  }
}

export function normalizeHost(host: string): string {
  return stripBrackets(host.trim().toLowerCase()).replace(/\.$/, "");
}

export function isAllowedHost(policy: OutboundPolicy, hostname: string): boolean {
  return policy.allowedHosts.has(normalizeHost(hostname));
}

/**
 * The addresses a request to `hostname` may connect to: all of them public, or the host allowed. Any private,
 * loopback, link-local, CGNAT, multicast or unspecified answer refuses the whole host (an attacker controls the
 * order of a DNS answer). Throws `OutboundRefusedError`.
 */
export async function permittedAddresses(
  policy: OutboundPolicy,
  hostname: string,
): Promise<ResolvedAddress[]> {
  const host = normalizeHost(hostname);
  const privateOk = policy.allowPrivateNetworks || policy.allowedHosts.has(host);
  if (isIpLiteral(host)) {
    checkAddress(host, { host, privateOk });
    return [{ address: host, family: host.includes(":") ? 6 : 4 }];
  }
  let answers: ResolvedAddress[];
  try {
    answers = await policy.resolve(host);
  } catch (error) {
    throw new OutboundRefusedError(`the host ${host} does not resolve`, { cause: error });
  }
  if (answers.length === 0) throw new OutboundRefusedError(`the host ${host} does not resolve`);
  for (const answer of answers) checkAddress(answer.address, { host, privateOk });
  return answers;
}

function checkAddress(address: string, context: { host: string; privateOk: boolean }): void {
  if (context.privateOk) return;
  const reason = nonPublicReason(address);
  if (reason === null) return;
  const named = context.host === address ? address : `${context.host} resolves to ${address}, which`;
  throw new OutboundRefusedError(
    `${named} is not a public address: ${reason}; webhooks go only to public addresses`,
  );
}
