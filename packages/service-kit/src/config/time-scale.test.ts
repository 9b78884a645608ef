import { expect, it } from "vitest";
import { scaleMs } from "./time-scale";

it("scales and rounds a delay, never below zero", () => {
  expect(scaleMs(27_000, 1)).toBe(27_000);
  expect(scaleMs(27_000, 0.01)).toBe(270);
  expect(scaleMs(1, 0.4)).toBe(0);
  expect(scaleMs(-5, 1)).toBe(0);
});
