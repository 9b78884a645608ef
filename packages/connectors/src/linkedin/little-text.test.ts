import { describe, expect, it } from "vitest";
import { escapeLittleText } from "./little-text";

describe("escapeLittleText", () => {
  it("backslash-escapes every reserved character and nothing else", () => {
    expect(escapeLittleText("a|b{c}d@e[f]g(h)i<j>k#l\\m*n_o~p")).toBe(
      "a\\|b\\{c\\}d\\@e\\[f\\]g\\(h\\)i\\<j\\>k\\#l\\\\m\\*n\\_o\\~p",
    );
    expect(escapeLittleText("Plain text, émojis 😀 and 100% fine!")).toBe(
      "Plain text, émojis 😀 and 100% fine!",
    );
  });
});
