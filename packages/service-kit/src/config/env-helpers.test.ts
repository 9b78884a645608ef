import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  envBoolean,
  envEnum,
  envInteger,
  envList,
  envNumber,
  envSecret,
  envString,
  envUrl,
} from "./env-helpers";

function issuesOf(schema: z.ZodType, raw: string | undefined): string[] {
  const result = schema.safeParse(raw);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

describe("envBoolean", () => {
  it.each([
    ["true", true],
    ["TRUE", true],
    ["1", true],
    ["yes", true],
    ["false", false],
    ["False", false],
    ["0", false],
    ["no", false],
  ])("reads %j as %s", (raw, expected) => {
    expect(envBoolean().parse(raw)).toBe(expected);
  });

  it("refuses anything else instead of guessing", () => {
    expect(issuesOf(envBoolean({ default: false }), "off")).toEqual([
      'expected one of true, false, 1, 0, yes, no, got "off"',
    ]);
  });

  it("uses the default only when unset, and requires the value without one", () => {
    expect(envBoolean({ default: true }).parse(undefined)).toBe(true);
    expect(envBoolean({ default: true }).parse("false")).toBe(false);
    expect(issuesOf(envBoolean(), undefined)).toEqual(["required"]);
  });
});

describe("envInteger", () => {
  const port = envInteger({ min: 1, max: 65535 });
  it.each(["abc", "12abc", "1e3", "0x10", "1.5", "0", "65536"])("refuses %j", (raw) => {
    expect(issuesOf(port, raw)).toEqual([
      `expected an integer between 1 and 65535, got ${JSON.stringify(raw)}`,
    ]);
  });
  it("reads decimal digits", () => {
    expect(port.parse(" 8080 ")).toBe(8080);
    expect(envInteger({ min: -5 }).parse("-3")).toBe(-3);
  });
  it("describes a half-open range", () => {
    expect(issuesOf(envInteger({ min: 10 }), "3")).toEqual(['expected an integer of at least 10, got "3"']);
  });
});

describe("envNumber", () => {
  it("reads decimals and keeps to the range", () => {
    const scale = envNumber({ min: 0.0001, max: 1000, default: 1 });
    expect(scale.parse("0.01")).toBe(0.01);
    expect(scale.parse(".5")).toBe(0.5);
    expect(scale.parse(undefined)).toBe(1);
    expect(issuesOf(scale, "0")).toHaveLength(1);
    expect(issuesOf(scale, "Infinity")).toHaveLength(1);
  });
});

describe("envEnum and envString", () => {
  it("compares enum words exactly", () => {
    const level = envEnum(["info", "debug"], { default: "info" });
    expect(level.parse("debug")).toBe("debug");
    expect(issuesOf(level, "DEBUG")).toEqual(['expected one of info, debug, got "DEBUG"']);
  });
  it("holds a string to its pattern", () => {
    const prefix = envString({ pattern: /^[a-z_]*$/, expected: "lower-case letters and _", default: "" });
    expect(prefix.parse(undefined)).toBe("");
    expect(prefix.parse("t_abc")).toBe("t_abc");
    expect(issuesOf(prefix, "a.b")).toEqual(['expected lower-case letters and _, got "a.b"']);
  });
});

describe("envUrl", () => {
  const url = envUrl({ protocols: ["redis", "rediss:"] });
  it("accepts the listed schemes only", () => {
    expect(url.parse("rediss://cache:6380")).toBe("rediss://cache:6380");
    expect(issuesOf(url, "http://cache")).toEqual([
      'expected a URL starting with redis:// or rediss://, got "http://cache"',
    ]);
    expect(issuesOf(url, "not a url")).toHaveLength(1);
  });
});

describe("envList", () => {
  it("splits on commas, trims and drops empty items", () => {
    expect(envList().parse(" a, b ,,c, ")).toEqual(["a", "b", "c"]);
  });
  it("hands out a copy of the default", () => {
    const fallback = ["x"];
    const parsed = envList({ default: fallback }).parse(undefined);
    expect(parsed).toEqual(["x"]);
    expect(parsed).not.toBe(fallback);
  });
});

describe("envSecret", () => {
  it("measures decoded bytes and never echoes the value", () => {
    const key = envSecret({ minBytes: 32, encoding: "base64" });
    const good = Buffer.alloc(32, 7).toString("base64");
    expect(key.parse(good)).toBe(good);
    const short = Buffer.alloc(16, 7).toString("base64");
    expect(issuesOf(key, short)).toEqual([
      "expected a base64-encoded secret of at least 32 bytes (it has 16)",
    ]);
    expect(issuesOf(key, "not base64!")).toEqual(["expected a base64-encoded secret of at least 32 bytes"]);
  });
  it("has no default", () => {
    expect(issuesOf(envSecret({ minBytes: 1 }), undefined)).toEqual(["required"]);
  });
});
