import { describe, expect, it } from "vitest";
import { createLinePrefixer, wantsColor } from "./line-prefixer";

describe("createLinePrefixer", () => {
  it("prefixes complete lines across chunks and keeps a partial line until it ends", () => {
    const prefixer = createLinePrefixer({ label: "gateway", width: 10, colorIndex: 0, color: false });
    expect(prefixer.push("listening on")).toEqual([]);
    expect(prefixer.push(" 3000\r\nready\npart")).toEqual([
      "gateway    │ listening on 3000",
      "gateway    │ ready",
    ]);
    expect(prefixer.flush()).toEqual(["gateway    │ part"]);
    expect(prefixer.flush()).toEqual([]);
  });

  it("colors the label only", () => {
    const prefixer = createLinePrefixer({ label: "sim", width: 3, colorIndex: 1, color: true });
    expect(prefixer.push("up\n")).toEqual(["\u001b[33msim\u001b[0m │ up"]);
  });

  it("wants color on a terminal unless NO_COLOR is set", () => {
    expect(wantsColor({ isTTY: true }, {})).toBe(true);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(wantsColor({}, {})).toBe(false);
  });
});
