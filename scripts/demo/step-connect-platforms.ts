import { type DemoAccount, type DemoContext, kindLabels } from "./demo-context";
import { DemoError, expectStatus } from "./demo-http";

export const platforms = ["meta", "linkedin", "tiktok", "gbp", "mailchimp"];

interface Connection {
  id: string;
  platform: string;
  status: string;
  displayName: string;
  accounts: { id: string; name: string; kind: string }[];
}

/**
 * Under docker compose the services name the emulator `platform-sim`, which this machine reaches on its published
 * port: the demo (playing the browser) opens consent pages there.
 */
export function browserUrl(url: string, simUrl: string): URL {
  const parsed = new URL(url);
  if (parsed.hostname === "platform-sim") {
    const sim = new URL(simUrl);
    parsed.protocol = sim.protocol;
    parsed.host = sim.host;
  }
  return parsed;
}

/** start → consent page (auto=approve) → the gateway's callback, exactly the hops a browser makes. */
async function connect(context: DemoContext, platform: string): Promise<void> {
  const started = await expectStatus(
    `POST /api/oauth/${platform}/start`,
    context.api<{ authorizationUrl: string }>(`/api/oauth/${platform}/start`, { method: "POST", body: {} }),
    200,
  );
  const consentUrl = browserUrl(started.authorizationUrl, context.target.simUrl);
  consentUrl.searchParams.set("auto", "approve");
  const consent = await fetch(consentUrl, { redirect: "manual" });
  const callback = consent.headers.get("location");
  if (consent.status !== 302 || !callback) {
    throw new DemoError(`${platform}'s consent page answered ${consent.status} instead of redirecting back`);
  }
  const completed = await fetch(callback, { redirect: "manual" });
  const page = await completed.text();
  if (completed.status >= 400) {
    throw new DemoError(`the callback for ${platform} answered ${completed.status}: ${page.slice(0, 200)}`);
  }
}

function summarize(accounts: Connection["accounts"]): string {
  const counts = new Map<string, number>();
  for (const account of accounts) counts.set(account.kind, (counts.get(account.kind) ?? 0) + 1);
  return [...counts.entries()]
    .map(([kind, count]) => `${count} ${kindLabels[kind] ?? kind}${count > 1 ? "s" : ""}`)
    .join(", ");
}

/** ② Connects the five platforms through their consent pages, then lists what the tenant now holds. */
export async function connectPlatformsStep(context: DemoContext): Promise<void> {
  const { narrator } = context;
  narrator.step("Connect all five platforms through their consent pages");
  narrator.say(
    "For each platform, POST /api/oauth/<platform>/start answers the platform's consent page URL. The demo then " +
      "does what a browser would do: it opens that page (platform-sim's, with auto=approve pressing “Approve”) " +
      "and follows the redirect back to POSTD's callback, which exchanges the code and stores the tokens " +
      "encrypted in token-service's vault.",
  );
  for (const platform of platforms) {
    narrator.request(
      `POST /api/oauth/${platform}/start → consent page → GET /api/oauth/${platform}/callback`,
    );
    await connect(context, platform);
  }
  const listed = await expectStatus(
    "GET /api/connections",
    context.api<{ data: Connection[] }>("/api/connections"),
    200,
  );
  const inOrder = [...listed.data].sort(
    (a, b) => platforms.indexOf(a.platform) - platforms.indexOf(b.platform),
  );
  for (const connection of inOrder) {
    narrator.done(
      `${connection.platform.padEnd(9)} ${connection.displayName} (${connection.status}): ${summarize(connection.accounts)}`,
    );
  }
  const accounts: DemoAccount[] = listed.data.flatMap((connection) =>
    connection.accounts.map((account) => ({ ...account, platform: connection.platform })),
  );
  const missing = platforms.filter((platform) => !listed.data.some((c) => c.platform === platform));
  if (missing.length > 0) throw new DemoError(`not connected after the callback: ${missing.join(", ")}`);
  context.accounts = accounts;
  narrator.detail(`${accounts.length} accounts to post to; their tokens never leave token-service`);
}
