import { describe, expect, it } from "vitest";
import { nonPublicReason, parseIpv6 } from "./ip-address";

describe("nonPublicReason", () => {
  it.each([
    ["127.0.0.1", /loopback/],
    ["127.255.255.254", /loopback/],
    ["10.1.2.3", /private/],
    ["172.16.0.1", /private/],
    ["172.31.255.255", /private/],
    ["192.168.1.1", /private/],
    ["169.254.169.254", /link-local/],
    ["100.64.0.1", /carrier-grade NAT/],
    ["100.127.255.255", /carrier-grade NAT/],
    ["0.0.0.0", /unspecified/],
    ["224.0.0.1", /multicast/],
    ["239.255.255.250", /multicast/],
    ["255.255.255.255", /broadcast/],
    ["198.18.0.1", /benchmarking/],
    ["::", /unspecified/],
    ["::1", /loopback/],
    ["[::1]", /loopback/],
    ["fd00::1", /unique local/],
    ["fc00::", /unique local/],
    ["fe80::1%eth0", /link-local/],
    ["ff02::1", /multicast/],
    ["::ffff:127.0.0.1", /IPv4-mapped of an address that is loopback/],
    ["::ffff:7f00:1", /IPv4-mapped of an address that is loopback/],
    ["::ffff:10.0.0.1", /IPv4-mapped of an address that is private/],
    ["::ffff:169.254.169.254", /link-local/],
    ["::127.0.0.1", /IPv4-compatible/],
    ["64:ff9b::7f00:1", /NAT64 of an address that is loopback/],
    ["64:ff9b::a9fe:a9fe", /NAT64 of an address that is link-local/],
    ["2002:7f00:1::", /6to4 of an address that is loopback/],
    ["2001:db8::1", /documentation/],
    ["2001::1", /Teredo/],
  ])("refuses %s", (address, reason) => {
    expect(nonPublicReason(address)).toMatch(reason);
  });

  it.each([
    "93.184.216.34",
    "8.8.8.8",
    "172.15.255.255",
    "172.32.0.0",
    "100.63.255.255",
    "100.128.0.0",
    "169.253.255.255",
    "2606:4700:4700::1111",
    "2a00:1450:4001:80b::200e",
    "::ffff:93.184.216.34",
    "64:ff9b::5db8:d822",
  ])("lets %s through", (address) => {
    expect(nonPublicReason(address)).toBeNull();
  });

  it("says when a value is not an address at all", () => {
    expect(nonPublicReason("example.com")).toBe("not an IP address");
  });
});

describe("parseIpv6", () => {
  it("expands :: and embedded IPv4", () => {
    expect(parseIpv6("::1")).toEqual([...new Array(15).fill(0), 1]);
    expect(parseIpv6("::ffff:1.2.3.4").slice(10)).toEqual([0xff, 0xff, 1, 2, 3, 4]);
    expect(parseIpv6("1:2::")).toEqual([0, 1, 0, 2, ...new Array(12).fill(0)]);
    expect(parseIpv6("2001:db8:0:0:0:0:0:1")).toEqual([0x20, 0x01, 0x0d, 0xb8, ...new Array(11).fill(0), 1]);
  });
});
