import { describe, expect, it } from "vitest";
import { readClaim } from "./claim-path";

describe("readClaim", () => {
  it("reads a top-level claim", () => {
    expect(readClaim({ tenant_id: "ten_a" }, "tenant_id")).toBe("ten_a");
  });

  it("follows a dotted path into nested claims (Supabase app_metadata)", () => {
    expect(readClaim({ app_metadata: { tenant_id: "ten_b" } }, "app_metadata.tenant_id")).toBe("ten_b");
  });

  it("prefers a claim whose own name contains dots", () => {
    const claims = { "https://postd.dev/tenant_id": "ten_c", https: { "//postd": "no" } };
    expect(readClaim(claims, "https://postd.dev/tenant_id")).toBe("ten_c");
  });

  it("answers null for missing, empty or non-string values", () => {
    expect(readClaim({}, "tenant_id")).toBeNull();
    expect(readClaim({ tenant_id: "" }, "tenant_id")).toBeNull();
    expect(readClaim({ tenant_id: 42 }, "tenant_id")).toBeNull();
    expect(readClaim({ app_metadata: ["x"] }, "app_metadata.0")).toBeNull();
    expect(readClaim({ app_metadata: null }, "app_metadata.tenant_id")).toBeNull();
  });
});
