import { describe, expect, it } from "vitest";
import { prometheusSeriesOf, promqlMetricNames } from "./promql-metric-names";

describe("promqlMetricNames", () => {
  it("finds the metrics of an expression, not its functions, labels, groupings or ranges", () => {
    expect(
      promqlMetricNames(
        'sum by (platform) (rate(publish_outcome_total{outcome!="published",queue=~"a.b"}[10m])) / sum by (platform) (rate(publish_outcome_total[10m])) > 0.05',
      ),
    ).toEqual(["publish_outcome_total"]);
    expect(
      promqlMetricNames("histogram_quantile(0.99, sum by (le, stream) (rate(outbox_lag_bucket[5m]))) > 6e4"),
    ).toEqual(["outbox_lag_bucket"]);
    expect(promqlMetricNames('absent(up{job="x"}) or absent(up{job="y"})')).toEqual(["up"]);
    expect(promqlMetricNames("a_total / ignoring(x) group_left b_total and on(y) c")).toEqual([
      "a_total",
      "b_total",
      "c",
    ]);
    expect(promqlMetricNames('sum(rate(x_count{platform=~"$platform"}[$__rate_interval]))')).toEqual([
      "x_count",
    ]);
    expect(promqlMetricNames("label_values(connector_request_duration_count, platform)")).toEqual([
      "connector_request_duration_count",
    ]);
  });
});

describe("prometheusSeriesOf", () => {
  it("names series the way the JS Prometheus exporter does", () => {
    expect(prometheusSeriesOf("publish.outcome", "counter")).toEqual(["publish_outcome_total"]);
    expect(prometheusSeriesOf("api.request.duration", "histogram")).toEqual([
      "api_request_duration_bucket",
      "api_request_duration_sum",
      "api_request_duration_count",
    ]);
    expect(prometheusSeriesOf("queue.oldest_age", "gauge")).toEqual(["queue_oldest_age"]);
  });
});
