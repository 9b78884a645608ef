import { describe, expect, it } from "vitest";
import { assertValueContext, buildCanaryAad, buildDataKeyAad, buildValueAadText, writeValueAad } from "./aad";

describe("value AAD", () => {
  it("is the documented text: format, data-key version, then each id after its length", () => {
    const at = { tenantId: "ten_a", recordId: "con_1", field: "access_token" };
    expect(buildValueAadText(at, 3)).toBe("1.3.5.ten_a5.con_112.access_token");
    const target = Buffer.alloc(16 * 1024);
    const length = writeValueAad(target, at, 3);
    expect(target.toString("utf8", 0, length)).toBe("1.3.5.ten_a5.con_112.access_token");
  });

  it("encodes non-ASCII ids as UTF-8 and keeps neighbouring ids apart", () => {
    const target = Buffer.alloc(16 * 1024);
    const length = writeValueAad(target, { tenantId: "tén", recordId: "ab", field: "c" }, 1);
    expect(target.subarray(0, length).equals(Buffer.from("1.1.3.tén2.ab1.c", "utf8"))).toBe(true);
    const a = buildValueAadText({ tenantId: "t", recordId: "ab", field: "c" }, 1);
    const b = buildValueAadText({ tenantId: "t", recordId: "a", field: "bc" }, 1);
    expect(a).not.toBe(b);
  });

  it("refuses empty, over-long and non-string ids", () => {
    const ok = { tenantId: "ten_a", recordId: "con_1", field: "f" };
    expect(() => assertValueContext(ok)).not.toThrow();
    for (const bad of [
      { ...ok, tenantId: "" },
      { ...ok, recordId: "r".repeat(1025) },
      { ...ok, field: 7 as unknown as string },
    ]) {
      expect(() => assertValueContext(bad)).toThrow(expect.objectContaining({ code: "invalid_input" }));
    }
  });
});

describe("key AADs", () => {
  it("bind tenant and both versions of a wrapped data key, and the version of the canary", () => {
    const base = { tenantId: "ten_a", version: 1, kekVersion: 1 };
    const variants = [
      base,
      { ...base, tenantId: "ten_b" },
      { ...base, version: 2 },
      { ...base, kekVersion: 2 },
    ];
    const encoded = new Set(variants.map((v) => buildDataKeyAad(v).toString("hex")));
    expect(encoded.size).toBe(4);
    expect(buildCanaryAad(1).equals(buildCanaryAad(2))).toBe(false);
    expect(() => buildDataKeyAad({ ...base, version: 0 })).toThrow(
      expect.objectContaining({ code: "invalid_input" }),
    );
  });
});
