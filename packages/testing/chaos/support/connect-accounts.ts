import type { AccountKind, Platform } from "@postd/contracts";
import type { ChaosSystem } from "./chaos-system";
import { expectOk } from "./http";

/** An account the load posts to: our id and the platform's (the sim records posts under the platform's). */
export interface Destination {
  accountId: string;
  connectionId: string;
  platform: Platform;
  kind: AccountKind;
  /** the account as platform-sim names it in `/_sim/posts` */
  simAccountId: string;
}

interface ConnectionsList {
  data: Array<{
    id: string;
    platform: Platform;
    status: string;
    accounts: Array<{ id: string; externalId: string; kind: AccountKind }>;
  }>;
}

const returnTo = "http://127.0.0.1:5173/connected";

/**
 * Connects a platform the way a browser does, through the gateway: start → the sim's consent page with
 * `auto=approve` (and `user`) → the gateway's callback → the redirect to `returnTo` naming the connection.
 */
export async function connectPlatform(
  chaos: Pick<ChaosSystem, "api">,
  input: { platform: Platform; user?: string },
): Promise<string> {
  const started = await chaos.api<{ authorizationUrl: string }>(
    "POST",
    `/api/oauth/${input.platform}/start`,
    { body: { returnTo } },
  );
  if (started.status !== 200) throw new Error(`oauth start answered ${started.status}`);
  const consentUrl = new URL(started.body.authorizationUrl);
  consentUrl.searchParams.set("auto", "approve");
  if (input.user) consentUrl.searchParams.set("user", input.user);
  const consent = await fetch(consentUrl, { redirect: "manual" });
  const callback = consent.headers.get("location");
  if (consent.status !== 302 || !callback) throw new Error(`consent answered ${consent.status}`);
  const completed = await fetch(callback, { redirect: "manual" });
  const landed = new URL(completed.headers.get("location") ?? "http://invalid/");
  const connectionId = landed.searchParams.get("connectionId");
  if (completed.status !== 302 || !connectionId) {
    throw new Error(`${input.platform} callback answered ${completed.status} → ${landed}`);
  }
  return connectionId;
}

/** Every account of the tenant's connections, as destinations. */
export async function listDestinations(chaos: Pick<ChaosSystem, "api">): Promise<Destination[]> {
  const listed = await chaos.api<ConnectionsList>("GET", "/api/connections");
  if (listed.status !== 200) throw new Error(`GET /api/connections answered ${listed.status}`);
  return listed.body.data.flatMap((connection) =>
    connection.accounts.map((account) => ({
      accountId: account.id,
      connectionId: connection.id,
      platform: connection.platform,
      kind: account.kind,
      simAccountId: simAccountIdOf(account.kind, account.externalId),
    })),
  );
}

/** How platform-sim names an account in its post record. */
function simAccountIdOf(kind: AccountKind, externalId: string): string {
  if (kind === "linkedin_organization" && !externalId.startsWith("urn:")) {
    return `urn:li:organization:${externalId}`;
  }
  if (kind === "linkedin_member" && !externalId.startsWith("urn:")) return `urn:li:person:${externalId}`;
  if (kind === "gbp_location" && !externalId.startsWith("locations/")) return `locations/${externalId}`;
  return externalId;
}

/**
 * The accounts the steady load posts to: Ada's Facebook Pages that may post, LinkedIn organizations she
 * administers, Grace's Business Profile locations, and a Mailchimp audience — four platforms, one body shape.
 */
export async function connectLoadDestinations(chaos: Pick<ChaosSystem, "api">): Promise<Destination[]> {
  for (const platform of ["meta", "linkedin", "gbp", "mailchimp"] as const) {
    await connectPlatform(chaos, { platform });
  }
  const all = await listDestinations(chaos);
  const pick = (kind: AccountKind, count: number) => all.filter((d) => d.kind === kind).slice(0, count);
  const chosen = [
    ...pick("facebook_page", 3),
    ...pick("linkedin_organization", 2),
    ...pick("gbp_location", 2),
    ...pick("mailchimp_audience", 1),
  ];
  if (chosen.length < 6) throw new Error(`too few accounts to post to: ${JSON.stringify(all)}`);
  return chosen;
}

/** What the platforms hold as published (platform-sim's record). */
export async function simPostsOf(
  chaos: Pick<ChaosSystem, "system">,
  input: { platform?: Platform } = {},
): Promise<SimPost[]> {
  const query = new URLSearchParams(input.platform ? { platform: input.platform } : {});
  const answer = await expectOk<{ data: SimPost[] }>("GET", `${chaos.system.simUrl}/_sim/posts?${query}`);
  return answer.data;
}

export interface SimPost {
  platform: Platform;
  accountId: string;
  postId: string;
  text: string;
  deleted: boolean;
}
