import { describe, expect, it } from "vitest";
import { errorRatesOf } from "./rollup-metrics";

describe("errorRatesOf", () => {
  it("sums a histogram's outcomes per remaining label set", () => {
    const rates = errorRatesOf([
      {
        name: "rpc.request.duration",
        type: "histogram",
        count: 8,
        labels: { verb: "a", outcome: "success", service: "x" },
      },
      {
        name: "rpc.request.duration",
        type: "histogram",
        count: 1,
        labels: { verb: "a", outcome: "error", error: "UNAVAILABLE", service: "x" },
      },
      {
        name: "rpc.request.duration",
        type: "histogram",
        count: 1,
        labels: { verb: "a", outcome: "error", error: "INTERNAL", service: "x" },
      },
      { name: "api.request.duration", type: "histogram", count: 3, labels: { route: "/x", status: "200" } },
      { name: "publish.outcome", type: "counter", value: 2, labels: { outcome: "error" } },
    ]);
    expect(rates).toEqual([
      { name: "rpc.request.duration", labels: { verb: "a", service: "x" }, total: 10, errors: 2, rate: 0.2 },
    ]);
  });
});
