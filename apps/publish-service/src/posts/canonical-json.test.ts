import { describe, expect, it } from "vitest";
import { canonicalJson, requestHash } from "./canonical-json";

describe("canonicalJson", () => {
  it("ignores key order at every depth and keeps array order", () => {
    const a = { text: "hi", targets: [{ options: { b: 1, a: 2 }, accountId: "acc_1" }], media: [] };
    const b = { media: [], targets: [{ accountId: "acc_1", options: { a: 2, b: 1 } }], text: "hi" };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(requestHash(a)).toBe(requestHash(b));
    expect(canonicalJson({ list: [1, 2] })).not.toBe(canonicalJson({ list: [2, 1] }));
  });

  it("tells different bodies apart and drops undefined like JSON does", () => {
    expect(requestHash({ text: "a" })).not.toBe(requestHash({ text: "b" }));
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(canonicalJson(undefined)).toBe("null");
  });
});
