import { describe, expect, it } from "vitest";
import { randomToken } from "./random-token";

describe("randomToken", () => {
  it("uses only characters every server accepts in a name", () => {
    for (let index = 0; index < 200; index++) expect(randomToken()).toMatch(/^[a-z0-9]{10}$/);
    expect(randomToken({ length: 4 })).toHaveLength(4);
  });

  it("does not repeat itself", () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => randomToken()));
    expect(tokens.size).toBe(1000);
  });
});
