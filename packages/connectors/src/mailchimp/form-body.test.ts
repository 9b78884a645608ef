import { describe, expect, it } from "vitest";
import { formValue, parseFormBody } from "./form-body";

const parse = (text: string) => parseFormBody(Buffer.from(text));

describe("parseFormBody", () => {
  it("nests bracketed keys and decodes values", () => {
    const tree = parse(
      "type=subscribe&fired_at=2026-01-05+09%3A30%3A00&data%5Bmerges%5D%5BFNAME%5D=J%C3%BCrgen&data[id]=1",
    );
    expect(tree).toEqual({
      type: "subscribe",
      fired_at: "2026-01-05 09:30:00",
      data: { merges: { FNAME: "Jürgen" }, id: "1" },
    });
    expect(formValue(tree, "data", "merges", "FNAME")).toBe("Jürgen");
    expect(formValue(tree, "data", "merges")).toBeUndefined();
    expect(formValue(tree, "data", "missing", "x")).toBeUndefined();
  });

  it("keeps the first of colliding shapes and drops prototype keys", () => {
    const tree = parse("a=1&a[b]=2&c[d]=3&c=4&__proto__[x]=1&e[constructor]=2&f=first&f=second");
    expect(tree).toEqual({ a: "1", c: { d: "3" }, f: "first" });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it("ignores malformed keys", () => {
    expect(parse("[x]=1&a]b=2&ok=3")).toEqual({ ok: "3" });
  });
});
