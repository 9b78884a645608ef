import {
  isAllowedHost,
  type OutboundPolicy,
  OutboundRefusedError,
  permittedAddresses,
} from "./outbound-policy";

/**
 * Checks a URL an endpoint may have: absolute https (http only for an allowed host), no credentials in it, and a
 * host whose every address is public unless the policy allows it. Returns the URL as the WHATWG parser writes it
 * (so `http://0x7f.1/` is judged, and stored, as `http://127.0.0.1/`). Throws `OutboundRefusedError`.
 */
export async function checkEndpointUrl(policy: OutboundPolicy, raw: string): Promise<URL> {
  const url = parseUrlFor(policy, raw);
  await permittedAddresses(policy, url.hostname);
  return url;
}

/** The same checks without DNS: what a delivery checks before it connects (the DNS check is in the lookup). */
export function parseUrlFor(policy: OutboundPolicy, raw: string): URL {
  const url = parseUrl(raw);
  if (url.protocol === "http:" && !isAllowedHost(policy, url.hostname)) {
    throw new OutboundRefusedError("the URL must use https");
  }
  return url;
}

function parseUrl(raw: string): URL {
  if (!URL.canParse(raw)) throw new OutboundRefusedError("not an absolute URL");
  const url = new URL(raw);
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new OutboundRefusedError("the URL must use https");
  }
  if (url.username !== "" || url.password !== "") {
    throw new OutboundRefusedError("the URL must not carry a user name or password; deliveries are signed");
  }
  if (url.hostname === "") throw new OutboundRefusedError("the URL has no host");
  return url;
}
