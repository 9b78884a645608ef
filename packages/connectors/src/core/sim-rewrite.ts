/**
 * With `PLATFORM_SIM_URL` set, a request to `https://HOST/PATH?QUERY` goes to `${simUrl}/HOST/PATH?QUERY`
 * instead. Every https URL a connector touches goes through this: API calls, the authorization URL handed to the
 * browser, upload URLs the platform hands back, Mailchimp's per-data-center host.
 */
export function rewriteForSim(url: string, simUrl: string | undefined): string {
  if (!simUrl) return url;
  const parsed = new URL(url);
  if (parsed.protocol !== "https:") return url;
  const base = simUrl.replace(/\/+$/, "");
  return `${base}/${parsed.host}${parsed.pathname}${parsed.search}`;
}
