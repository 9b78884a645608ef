import type { OAuthOutcome } from "@postd/contracts";

/**
 * Where the browser goes after the callback: the `returnTo` oauth-service bound to the state (it checked it
 * against the allow-list when the flow started), with `status=connected&connectionId=…` or
 * `status=error&code=…` added. Never the platform's code or state. Null when there is no usable returnTo (none,
 * or not an absolute http(s) URL: a second line of defence), and the page is shown instead.
 */
export function callbackRedirectUrl(outcome: OAuthOutcome): string | null {
  if (!outcome.returnTo || !URL.canParse(outcome.returnTo)) return null;
  const url = new URL(outcome.returnTo);
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (url.username || url.password) return null;
  for (const name of ["status", "code", "connectionId", "state", "error"]) url.searchParams.delete(name);
  if (outcome.status === "connected") {
    url.searchParams.set("status", "connected");
    if (outcome.connectionId) url.searchParams.set("connectionId", outcome.connectionId);
  } else {
    url.searchParams.set("status", "error");
    url.searchParams.set("code", outcome.errorCode ?? "unknown_error");
  }
  return url.toString();
}
