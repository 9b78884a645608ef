type FieldTree = Map<string, FieldTree | true>;

/**
 * Mailchimp's `fields` and `exclude_fields` query parameters: comma-separated dot paths (`lists.id`,
 * `lists.stats.member_count`, `total_items`); a path through an array applies to each of its items.
 */
export function projectFields(
  value: Record<string, unknown>,
  query: { fields?: string | undefined; exclude_fields?: string | undefined },
): Record<string, unknown> {
  let result: unknown = value;
  if (query.fields) result = keep(result, treeOf(query.fields));
  if (query.exclude_fields) result = drop(result, treeOf(query.exclude_fields));
  return result as Record<string, unknown>;
}

function treeOf(paths: string): FieldTree {
  const root: FieldTree = new Map();
  for (const path of paths
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    let node = root;
    const parts = path.split(".");
    parts.forEach((part, index) => {
      if (index === parts.length - 1) {
        node.set(part, true);
        return;
      }
      const next = node.get(part);
      if (next === true) return;
      const child: FieldTree = next ?? new Map();
      node.set(part, child);
      node = child;
    });
  }
  return root;
}

function keep(value: unknown, tree: FieldTree): unknown {
  if (Array.isArray(value)) return value.map((item) => keep(item, tree));
  if (typeof value !== "object" || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, sub] of tree) {
    if (!(key in value)) continue;
    const item = (value as Record<string, unknown>)[key];
    result[key] = sub === true ? item : keep(item, sub);
  }
  return result;
}

function drop(value: unknown, tree: FieldTree): unknown {
  if (Array.isArray(value)) return value.map((item) => drop(item, tree));
  if (typeof value !== "object" || value === null) return value;
  const result: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [key, sub] of tree) {
    if (!(key in result)) continue;
    if (sub === true) delete result[key];
    else result[key] = drop(result[key], sub);
  }
  return result;
}
