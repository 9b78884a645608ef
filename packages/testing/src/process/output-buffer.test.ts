import { describe, expect, it } from "vitest";
import { OutputBuffer } from "./output-buffer";

describe("OutputBuffer", () => {
  it("resolves a wait at once when the text is there, or when it arrives", async () => {
    const buffer = new OutputBuffer();
    buffer.append("starting\n");
    await expect(buffer.waitFor(/start(ing)/, { timeoutMs: 1_000 })).resolves.toMatchObject({ 1: "ing" });
    const later = buffer.waitFor(/listening on (\d+)/, { timeoutMs: 1_000 });
    buffer.append("listening on ");
    buffer.append("3000\n");
    expect((await later)[1]).toBe("3000");
  });

  it("fails the wait when the process ends first", async () => {
    const buffer = new OutputBuffer();
    const wait = buffer.waitFor(/ready/, { timeoutMs: 5_000, exited: Promise.resolve() });
    await expect(wait).rejects.toThrow(/ended before its output matched/);
  });

  it("fails the wait after its timeout", async () => {
    await expect(new OutputBuffer().waitFor(/never/, { timeoutMs: 10 })).rejects.toThrow(/within 10 ms/);
  });

  it("keeps the newest text within its limit, and the last lines for messages", () => {
    const buffer = new OutputBuffer({ limit: 10 });
    buffer.append("0123456789abc");
    expect(buffer.text()).toBe("3456789abc");
    const lines = new OutputBuffer();
    lines.append("a\nb\nc\n");
    expect(lines.tail({ lines: 2 })).toBe("b\nc");
  });
});
