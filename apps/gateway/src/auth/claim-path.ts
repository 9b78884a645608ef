/**
 * Reads a claim by name or by dotted path: `tenant_id`, `app_metadata.tenant_id` (Supabase), or a namespaced
 * claim whose own name has dots (`https://postd.dev/tenant_id`, Auth0), which is tried first as a whole.
 * Only a non-empty string counts.
 */
export function readClaim(claims: Record<string, unknown>, path: string): string | null {
  const whole = claims[path];
  if (typeof whole === "string" && whole !== "") return whole;
  let current: unknown = claims;
  for (const segment of path.split(".")) {
    if (typeof current !== "object" || current === null || Array.isArray(current)) return null;
    current = (current as Record<string, unknown>)[segment];
  }
  return typeof current === "string" && current !== "" ? current : null;
}
