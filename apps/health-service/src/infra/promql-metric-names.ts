/** PromQL words that look like identifiers but name no metric. */
const keywords = new Set([
  "by",
  "without",
  "on",
  "ignoring",
  "group_left",
  "group_right",
  "and",
  "or",
  "unless",
  "bool",
  "offset",
  "inf",
  "nan",
]);

/**
 * The metric names a PromQL expression selects (or a Grafana `label_values(metric, label)` query names). Good
 * enough for our own dashboards and rules, not a full parser: strings, label matchers, grouping clauses, ranges
 * and function names are removed, and what is left that looks like an identifier is a metric.
 */
export function promqlMetricNames(expression: string): string[] {
  const labelValues = /label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*,/.exec(expression);
  if (labelValues?.[1]) return [labelValues[1]];
  const stripped = expression
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\$[a-zA-Z_]+/g, " ");
  const names = new Set<string>();
  for (const match of stripped.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)) {
    const [, word, call] = match;
    if (!word || call || keywords.has(word.toLowerCase())) continue;
    // a number's exponent or a duration suffix never reaches here: ranges are gone and numbers start with a digit
    const before = stripped[(match.index ?? 0) - 1];
    if (before !== undefined && /[0-9.]/.test(before)) continue;
    names.add(word);
  }
  return [...names];
}

/** The Prometheus series names an OpenTelemetry instrument shows as (the JS exporter: no unit suffix). */
export function prometheusSeriesOf(name: string, type: "counter" | "histogram" | "gauge"): string[] {
  const base = name.replaceAll(".", "_");
  if (type === "counter") return [`${base}_total`];
  if (type === "histogram") return [`${base}_bucket`, `${base}_sum`, `${base}_count`];
  return [base];
}
