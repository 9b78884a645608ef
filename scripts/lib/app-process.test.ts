import { describe, expect, it } from "vitest";
import { isReadyStatus } from "./app-process";

describe("isReadyStatus", () => {
  it("waits on 503 and server errors, and takes any other answer as ready", () => {
    expect(isReadyStatus(200)).toBe(true);
    expect(isReadyStatus(204)).toBe(true);
    expect(isReadyStatus(404)).toBe(true);
    expect(isReadyStatus(503)).toBe(false);
    expect(isReadyStatus(500)).toBe(false);
  });
});
