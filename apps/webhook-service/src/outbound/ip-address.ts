import { isIPv4, isIPv6 } from "node:net";

/**
 * Why an address may not be the target of an outgoing webhook (ADR 0018), or null for a public unicast address.
 * IPv6 forms that carry an IPv4 address (IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible `::a.b.c.d`, NAT64
 * `64:ff9b::/96`, 6to4 `2002::/16`) are judged by the IPv4 address inside.
 */
export function nonPublicReason(address: string): string | null {
  const bare = stripBrackets(address);
  if (isIPv4(bare)) return ipv4Reason(parseIpv4(bare));
  if (isIPv6(bare)) return ipv6Reason(parseIpv6(bare));
  return "not an IP address";
}

export function isIpLiteral(host: string): boolean {
  const bare = stripBrackets(host);
  return isIPv4(bare) || isIPv6(bare);
}

export function stripBrackets(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

interface Range {
  bytes: readonly number[];
  prefix: number;
  reason: string;
}

const ipv4Ranges: readonly Range[] = [
  { bytes: [0, 0, 0, 0], prefix: 8, reason: "unspecified (0.0.0.0/8)" },
  { bytes: [10, 0, 0, 0], prefix: 8, reason: "private (10.0.0.0/8)" },
  { bytes: [100, 64, 0, 0], prefix: 10, reason: "carrier-grade NAT (100.64.0.0/10)" },
  { bytes: [127, 0, 0, 0], prefix: 8, reason: "loopback (127.0.0.0/8)" },
  { bytes: [169, 254, 0, 0], prefix: 16, reason: "link-local (169.254.0.0/16)" },
  { bytes: [172, 16, 0, 0], prefix: 12, reason: "private (172.16.0.0/12)" },
  { bytes: [192, 0, 0, 0], prefix: 24, reason: "IETF protocol assignments (192.0.0.0/24)" },
  { bytes: [192, 0, 2, 0], prefix: 24, reason: "documentation (192.0.2.0/24)" },
  { bytes: [192, 88, 99, 0], prefix: 24, reason: "6to4 relay anycast (192.88.99.0/24)" },
  { bytes: [192, 168, 0, 0], prefix: 16, reason: "private (192.168.0.0/16)" },
  { bytes: [198, 18, 0, 0], prefix: 15, reason: "benchmarking (198.18.0.0/15)" },
  { bytes: [198, 51, 100, 0], prefix: 24, reason: "documentation (198.51.100.0/24)" },
  { bytes: [203, 0, 113, 0], prefix: 24, reason: "documentation (203.0.113.0/24)" },
  { bytes: [224, 0, 0, 0], prefix: 4, reason: "multicast (224.0.0.0/4)" },
  { bytes: [240, 0, 0, 0], prefix: 4, reason: "reserved or broadcast (240.0.0.0/4)" },
];

const ipv6Ranges: readonly Range[] = [
  { bytes: v6(), prefix: 128, reason: "unspecified (::)" },
  { bytes: v6([15, 1]), prefix: 128, reason: "loopback (::1)" },
  { bytes: v6([0, 0x01], [1, 0x00]), prefix: 64, reason: "discard-only (100::/64)" },
  { bytes: v6([0, 0x20], [1, 0x01], [2, 0x00], [3, 0x00]), prefix: 32, reason: "Teredo (2001::/32)" },
  { bytes: v6([0, 0x20], [1, 0x01], [2, 0x00], [3, 0x02]), prefix: 48, reason: "benchmarking (2001:2::/48)" },
  { bytes: v6([0, 0x20], [1, 0x01], [2, 0x00], [3, 0x10]), prefix: 28, reason: "ORCHID (2001:10::/28)" },
  {
    bytes: v6([0, 0x20], [1, 0x01], [2, 0x0d], [3, 0xb8]),
    prefix: 32,
    reason: "documentation (2001:db8::/32)",
  },
  {
    bytes: v6([0, 0x00], [1, 0x64], [2, 0xff], [3, 0x9b], [4, 0x00], [5, 0x01]),
    prefix: 48,
    reason: "local NAT64 (64:ff9b:1::/48)",
  },
  { bytes: v6([0, 0xfc]), prefix: 7, reason: "unique local (fc00::/7)" },
  { bytes: v6([0, 0xfe], [1, 0x80]), prefix: 10, reason: "link-local (fe80::/10)" },
  { bytes: v6([0, 0xfe], [1, 0xc0]), prefix: 10, reason: "site-local (fec0::/10)" },
  { bytes: v6([0, 0xff]), prefix: 8, reason: "multicast (ff00::/8)" },
];

function v6(...set: [index: number, value: number][]): number[] {
  const bytes = new Array<number>(16).fill(0);
  for (const [index, value] of set) bytes[index] = value;
  return bytes;
}

function ipv4Reason(bytes: readonly number[]): string | null {
  return ipv4Ranges.find((range) => inRange(bytes, range))?.reason ?? null;
}

function ipv6Reason(bytes: readonly number[]): string | null {
  const embedded = embeddedIpv4(bytes);
  if (embedded) {
    const inner = ipv4Reason(embedded.ipv4);
    return inner === null ? null : `${embedded.form} of an address that is ${inner}`;
  }
  return ipv6Ranges.find((range) => inRange(bytes, range))?.reason ?? null;
}

/** The IPv4 address an IPv6 address stands for, in the forms a resolver or an attacker may use. */
function embeddedIpv4(bytes: readonly number[]): { form: string; ipv4: number[] } | null {
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((byte) => byte === 0);
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return { form: "IPv4-mapped", ipv4: bytes.slice(12) };
  }
  // ::a.b.c.d (deprecated IPv4-compatible); :: and ::1 themselves are judged as IPv6 above
  if (zeros(0, 12) && !zeros(12, 15)) return { form: "IPv4-compatible", ipv4: bytes.slice(12) };
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zeros(4, 12)) {
    return { form: "NAT64", ipv4: bytes.slice(12) };
  }
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return { form: "6to4", ipv4: bytes.slice(2, 6) };
  return null;
}

function inRange(bytes: readonly number[], range: Range): boolean {
  let bits = range.prefix;
  for (let index = 0; bits > 0; index++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((bytes[index] ?? 0) & mask) !== ((range.bytes[index] ?? 0) & mask)) return false;
  }
  return true;
}

function parseIpv4(address: string): number[] {
  return address.split(".").map(Number);
}

/** 16 bytes of a valid IPv6 address (zone ids dropped; `::` and an embedded dotted quad expanded). */
export function parseIpv6(address: string): number[] {
  const withoutZone = address.split("%")[0] ?? "";
  let text = withoutZone;
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(":");
  const last = text.slice(lastColon + 1);
  if (last.includes(".")) {
    tail.push(...parseIpv4(last));
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [head = "", rest] = text.split("::");
  const groups = (part: string | undefined) => (part ? part.split(":").filter((g) => g !== "") : []);
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const missing = 8 - left.length - right.length;
  const all = [...left, ...new Array<string>(Math.max(0, missing)).fill("0"), ...right];
  const bytes = all.flatMap((group) => {
    const value = Number.parseInt(group, 16);
    return [(value >> 8) & 0xff, value & 0xff];
  });
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}
