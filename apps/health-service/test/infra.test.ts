import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type MetricName, metricDefinitions, metricNames } from "@postd/telemetry";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import { prometheusSeriesOf, promqlMetricNames } from "../src/infra/promql-metric-names";

// promtool cannot be installed here: the rules and dashboards are checked for structure with zod, and every
// metric they query against what the code emits (@postd/telemetry's metricDefinitions under their Prometheus names).

const root = fileURLToPath(new URL("../../../", import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, "utf8");

const emitted = new Set([
  "up",
  ...metricNames.flatMap((name: MetricName) => prometheusSeriesOf(name, metricDefinitions[name].type)),
]);

const Duration = z.string().regex(/^\d+[smhd]$/);
const AlertRule = z.strictObject({
  alert: z.string().regex(/^Postd[A-Z][A-Za-z]+$/),
  expr: z.string().min(1),
  for: Duration.optional(),
  labels: z.object({ severity: z.enum(["critical", "warning", "info"]) }),
  annotations: z.object({
    summary: z.string().min(1),
    description: z.string().min(1),
    runbook_url: z.string(),
  }),
});
const RuleFile = z.strictObject({
  groups: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        interval: Duration.optional(),
        rules: z.array(AlertRule).min(1),
      }),
    )
    .min(1),
});

const Target = z.object({
  refId: z.string(),
  expr: z.string().min(1),
  datasource: z.object({ uid: z.string() }),
});
const Panel = z.object({
  id: z.number().int(),
  type: z.enum(["timeseries", "stat", "table", "gauge", "bargauge"]),
  title: z.string().min(1),
  datasource: z.object({ type: z.literal("prometheus"), uid: z.string() }),
  gridPos: z.object({
    x: z.number().int().min(0).max(23),
    y: z.number().int().min(0),
    w: z.number().int().min(1).max(24),
    h: z.number().int().min(1),
  }),
  targets: z.array(Target).min(1),
});
const Dashboard = z.object({
  uid: z.string().regex(/^postd-[a-z-]+$/),
  title: z.string().min(1),
  schemaVersion: z.number().int(),
  tags: z.array(z.string()).min(1),
  panels: z.array(Panel).min(1),
  templating: z.object({
    list: z.array(
      z.object({
        name: z.string(),
        query: z.union([z.string(), z.object({ query: z.string() })]).optional(),
      }),
    ),
  }),
});

const ruleFiles = readdirSync(`${root}infra/prometheus/rules`).filter((file) => file.endsWith(".yml"));
const rules = ruleFiles.flatMap((file) =>
  RuleFile.parse(parse(read(`infra/prometheus/rules/${file}`))).groups.flatMap((group) => group.rules),
);
const dashboardFiles = readdirSync(`${root}infra/grafana/dashboards`).filter((file) =>
  file.endsWith(".json"),
);
const dashboards = dashboardFiles.map((file) => ({
  file,
  dashboard: Dashboard.parse(JSON.parse(read(`infra/grafana/dashboards/${file}`))),
}));

describe("Prometheus alert rules", () => {
  it("are valid rule files that Prometheus loads", () => {
    expect(ruleFiles.length).toBeGreaterThan(0);
    const config = parse(read("infra/prometheus/prometheus.yml")) as { rule_files?: string[] };
    expect(config.rule_files).toContain("/etc/prometheus/rules/*.yml");
    const compose = parse(read("docker-compose.yml")) as { services: { prometheus: { volumes: string[] } } };
    expect(compose.services.prometheus.volumes).toContain(
      "./infra/prometheus/rules:/etc/prometheus/rules:ro",
    );
  });

  it("cover the issue's alerts, each with a runbook that exists", () => {
    const names = rules.map((rule) => rule.alert);
    expect(new Set(names).size).toBe(names.length);
    for (const required of [
      "PostdPublishErrorRateHigh",
      "PostdPublishSlow",
      "PostdDeadLettersGrowing",
      "PostdQueueBacklog",
      "PostdTokensExpiringUnrefreshed",
      "PostdServiceDown",
      "PostdServiceAbsent",
    ]) {
      expect(names).toContain(required);
    }
    for (const rule of rules)
      expect(existsSync(`${root}${rule.annotations.runbook_url}`), rule.alert).toBe(true);
  });

  it("put the thresholds of the issue in their expressions", () => {
    const expr = (alert: string) => rules.find((rule) => rule.alert === alert)?.expr ?? "";
    expect(expr("PostdPublishErrorRateHigh")).toContain("> 0.05");
    expect(expr("PostdPublishSlow")).toMatch(/histogram_quantile\(0\.99,.*> 500$/);
    expect(expr("PostdQueueBacklog")).toContain("> 10");
    expect(rules.find((rule) => rule.alert === "PostdQueueBacklog")?.for).toBe("5m");
  });

  it("query only metrics the services emit", () => {
    for (const rule of rules) {
      const names = promqlMetricNames(rule.expr);
      expect(names.length, rule.alert).toBeGreaterThan(0);
      for (const name of names) expect(emitted, `${rule.alert}: ${name}`).toContain(name);
    }
  });
});

describe("Grafana dashboards", () => {
  it("are the five dashboards, with unique uids and panel ids, on the provisioned Prometheus", () => {
    expect(dashboards.map(({ dashboard }) => dashboard.uid).sort()).toEqual([
      "postd-connectors",
      "postd-overview",
      "postd-publishing",
      "postd-queues",
      "postd-tokens-health",
    ]);
    const datasources = parse(read("infra/grafana/provisioning/datasources/datasources.yaml")) as {
      datasources: { uid: string }[];
    };
    const uids = datasources.datasources.map((source) => source.uid);
    for (const { file, dashboard } of dashboards) {
      expect(`${dashboard.uid}.json`).toBe(file);
      const ids = dashboard.panels.map((panel) => panel.id);
      expect(new Set(ids).size, file).toBe(ids.length);
      for (const panel of dashboard.panels) {
        expect(uids, `${file} ${panel.title}`).toContain(panel.datasource.uid);
        expect(panel.gridPos.x + panel.gridPos.w, `${file} ${panel.title}`).toBeLessThanOrEqual(24);
      }
    }
  });

  it("query only metrics the services emit, in panels and template variables", () => {
    for (const { file, dashboard } of dashboards) {
      const expressions = [
        ...dashboard.panels.flatMap((panel) =>
          panel.targets.map((target) => [panel.title, target.expr] as const),
        ),
        ...dashboard.templating.list.map((variable) => {
          const query = typeof variable.query === "string" ? variable.query : (variable.query?.query ?? "");
          return [`$${variable.name}`, query] as const;
        }),
      ];
      for (const [where, expr] of expressions) {
        const names = promqlMetricNames(expr);
        expect(names.length, `${file} ${where}`).toBeGreaterThan(0);
        for (const name of names) expect(emitted, `${file} ${where}: ${name}`).toContain(name);
      }
    }
  });

  it("together show every metric the services emit", () => {
    const queried = new Set(
      [
        ...rules.map((rule) => rule.expr),
        ...dashboards.flatMap(({ dashboard }) =>
          dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)),
        ),
      ].flatMap(promqlMetricNames),
    );
    for (const name of metricNames) {
      const series = prometheusSeriesOf(name, metricDefinitions[name].type);
      expect(
        series.some((s) => queried.has(s)),
        name,
      ).toBe(true);
    }
  });
});
