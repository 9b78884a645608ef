/** A form body with bracketed keys, as nested records: `data[merges][FNAME]=Jane` → `{data:{merges:{FNAME:"Jane"}}}`. */
export type FormTree = { [key: string]: string | FormTree };

const unsafeKeys = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Parses `application/x-www-form-urlencoded` bytes the way PHP-style senders (Mailchimp) build them. A key
 * that collides with another's shape (`a=1&a[b]=2`) keeps the first; prototype keys are dropped.
 */
export function parseFormBody(rawBody: Buffer): FormTree {
  const root: FormTree = {};
  for (const [key, value] of new URLSearchParams(rawBody.toString("utf8"))) {
    const path = keyPath(key);
    if (path.length === 0 || path.some((part) => unsafeKeys.has(part))) continue;
    let node: FormTree = root;
    for (const [index, part] of path.entries()) {
      const existing = Object.hasOwn(node, part) ? node[part] : undefined;
      if (index === path.length - 1) {
        if (existing === undefined) node[part] = value;
        break;
      }
      if (typeof existing === "string") break;
      const child: FormTree = existing ?? {};
      node[part] = child;
      node = child;
    }
  }
  return root;
}

/** `data[merges][FNAME]` → ["data", "merges", "FNAME"]; a key without brackets is itself. */
function keyPath(key: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match?.[1]) return [];
  const rest = [...(match[2] ?? "").matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? "");
  return [match[1], ...rest];
}

/** A string at a path, or undefined. */
export function formValue(tree: FormTree, ...path: string[]): string | undefined {
  let node: string | FormTree | undefined = tree;
  for (const part of path) {
    if (typeof node !== "object" || !Object.hasOwn(node, part)) return undefined;
    node = node[part];
  }
  return typeof node === "string" ? node : undefined;
}
