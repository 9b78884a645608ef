/**
 * Sums the samples of a Prometheus text exposition whose metric name matches `name` and whose labels include
 * every `labels` pair (e.g. every `connector_request_duration_…_count` with `error="http_503"`).
 */
export function sumSamples(text: string, input: { name: RegExp; labels?: Record<string, string> }): number {
  let sum = 0;
  for (const line of text.split("\n")) {
    if (line.startsWith("#") || line.trim() === "") continue;
    const name = line.split(/[{ ]/, 1)[0] ?? "";
    if (!input.name.test(name)) continue;
    const wanted = Object.entries(input.labels ?? {}).every(([key, value]) =>
      line.includes(`${key}="${value}"`),
    );
    if (wanted) sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return sum;
}
