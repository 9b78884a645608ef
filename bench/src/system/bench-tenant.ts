export interface BenchTenant {
  tenantId: string;
  apiKey: string;
  /** Facebook Pages the tenant may post on (`canCreateContent` in `GET /api/accounts/:id/options`) */
  accountIds: string[];
}

/**
 * A tenant for the benchmark, made the way a customer would: created through the admin API, Meta connected
 * through the real OAuth flow against platform-sim (consent approved by the sim's first seeded user), and the
 * connection's Facebook Pages kept where the user may create content.
 */
export async function createBenchTenant(input: {
  gatewayUrl: string;
  adminKey: string;
}): Promise<BenchTenant> {
  const { gatewayUrl } = input;
  const created = await json<{ tenantId: string; apiKey: string }>(
    await fetch(`${gatewayUrl}/api/admin/tenants`, {
      method: "POST",
      headers: { authorization: `Bearer ${input.adminKey}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "bench" }),
    }),
  );
  const auth = { authorization: `Bearer ${created.apiKey}` };
  const { authorizationUrl } = await json<{ authorizationUrl: string }>(
    await fetch(`${gatewayUrl}/api/oauth/meta/start`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: "{}",
    }),
  );
  const consentUrl = new URL(authorizationUrl);
  consentUrl.searchParams.set("auto", "approve");
  const consent = await fetch(consentUrl, { redirect: "manual" });
  const callback = consent.headers.get("location");
  if (consent.status !== 302 || !callback) throw new Error(`Meta consent answered ${consent.status}`);
  const completed = await fetch(callback, { headers: auth, redirect: "manual" });
  if (completed.status >= 400) throw new Error(`the OAuth callback answered ${completed.status}`);

  const { data } = await json<{ data: Array<{ accounts: Array<{ id: string; kind: string }> }> }>(
    await fetch(`${gatewayUrl}/api/connections`, { headers: auth }),
  );
  const pages = data.flatMap((connection) => connection.accounts).filter((a) => a.kind === "facebook_page");
  const accountIds: string[] = [];
  for (const page of pages) {
    const { options } = await json<{ options: { canCreateContent?: boolean } }>(
      await fetch(`${gatewayUrl}/api/accounts/${page.id}/options`, { headers: auth }),
    );
    if (options.canCreateContent === true) accountIds.push(page.id);
  }
  if (accountIds.length === 0) throw new Error("the bench tenant may post on none of its Facebook Pages");
  return { tenantId: created.tenantId, apiKey: created.apiKey, accountIds };
}

/** The post every scenario sends: text only, one Facebook Page (one platform call to publish). */
export function benchPost(input: { accountId: string; text: string }) {
  return { targets: [{ accountId: input.accountId }], text: input.text };
}

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`${response.url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}
