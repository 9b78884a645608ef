import { createGbpSim } from "@postd/platform-sim";
import { expect } from "vitest";
import { createGbpConnector, defaultGbpScopes, type GbpConfig } from "../src/gbp/index";
import {
  type AccountAccess,
  type AuthenticateResult,
  type Connector,
  ConnectorError,
  codeChallengeS256,
  createCodeVerifier,
  createHttpClient,
  type HttpClient,
  type PlatformAccount,
  type PostContent,
  type PublishInput,
  type PublishProgress,
  systemClock,
} from "../src/index";
import { type RunningSim, startSim } from "./support/sim";

export const grace = { sub: "108740563219832190001", email: "grace@example.test" };
export const alan = { sub: "108740563219832190002", email: "alan@example.test" };
export const nadia = { sub: "108740563219832190003", email: "nadia@example.test" };
export const redirectUri = "https://app.postd.test/oauth/gbp/callback";
export const pushAudience = "https://app.postd.test/api/webhooks/gbp";
export const pushServiceAccount = "gbp-push@postd-sim.iam.gserviceaccount.com";

export const harbour = "locations/4130000000000000001";
export const millLane = "locations/4130000000000000002";
export const turingRepair = "locations/4130000000000000007";

export function startGbpSim(options: { now?: () => number } = {}): Promise<RunningSim> {
  return startSim({ platforms: [createGbpSim], ...options });
}

export interface Harness {
  connector: Connector;
  http: HttpClient;
  config: GbpConfig;
}

export function createHarness(
  sim: RunningSim,
  overrides: Partial<GbpConfig> = {},
  options: { timeoutMs?: number } = {},
): Harness {
  const config: GbpConfig = {
    clientId: "postd-sim-gbp",
    clientSecret: "postd-sim-gbp-secret",
    redirectUri,
    scopes: [...defaultGbpScopes],
    languageCode: "en",
    pubsubAudience: pushAudience,
    pubsubServiceAccountEmail: pushServiceAccount,
    pageSize: 2,
    ...overrides,
  };
  const http = createHttpClient({ simUrl: sim.url, timeoutMs: options.timeoutMs ?? 2_000 });
  const connector = createGbpConnector(config, { http, clock: systemClock({ timeScale: 0.01 }) });
  return { connector, http, config };
}

/** Walks Google's consent with `auto=approve` and returns where Google redirects. */
export async function consent(
  harness: Harness,
  options: {
    user?: string;
    state?: string;
    decision?: "approve" | "deny";
    codeChallenge?: string | null;
  } = {},
): Promise<URL> {
  const url = harness.connector.buildAuthorizationUrl({
    state: options.state ?? "st_gbp",
    codeChallenge: options.codeChallenge === undefined ? null : options.codeChallenge,
  });
  const simUrl = new URL(harness.http.resolveUrl(url));
  simUrl.searchParams.set("auto", options.decision ?? "approve");
  if (options.user) simUrl.searchParams.set("user", options.user);
  const response = await fetch(simUrl, { redirect: "manual" });
  expect(response.status).toBe(302);
  return new URL(response.headers.get("location") ?? "");
}

/** The whole flow with PKCE: verifier → S256 challenge → consent → exchange with the verifier → identity. */
export async function connect(harness: Harness, user = grace.sub): Promise<AuthenticateResult> {
  const verifier = createCodeVerifier();
  const location = await consent(harness, { user, codeChallenge: codeChallengeS256(verifier) });
  return harness.connector.authenticate({
    code: location.searchParams.get("code") ?? "",
    redirectUri,
    codeVerifier: verifier,
  });
}

export function connectionOf(result: AuthenticateResult) {
  return { accessToken: result.tokens.accessToken, connection: result.metadata };
}

export async function locationAccount(
  harness: Harness,
  result: AuthenticateResult,
  externalId = harbour,
): Promise<PlatformAccount> {
  const accounts = await harness.connector.fetchAccounts(connectionOf(result));
  const account = accounts.find((a) => a.externalId === externalId);
  if (!account) throw new Error(`no ${externalId} among ${accounts.map((a) => a.externalId).join(", ")}`);
  return account;
}

export function accessOf(result: AuthenticateResult, account: PlatformAccount): AccountAccess {
  return {
    accessToken: result.tokens.accessToken,
    userAccessToken: result.tokens.accessToken,
    account: {
      externalId: account.externalId,
      kind: account.kind,
      name: account.name,
      metadata: account.metadata,
    },
    connection: result.metadata,
  };
}

export function textPost(
  text = "Fresh sourdough every morning",
  overrides: Partial<PostContent> = {},
): PostContent {
  return { reference: "tgt_gbp", text, media: [], options: {}, ...overrides };
}

/** A publish input whose progress behaves as the pipeline's: every save replaces it, and is recorded. */
export function publishInput(post: PostContent, progress: PublishProgress = {}) {
  const saves: PublishProgress[] = [];
  const input: PublishInput & { saves: PublishProgress[] } = {
    post,
    progress,
    saves,
    async saveProgress(next) {
      saves.push({ ...next });
      input.progress = { ...next };
    },
  };
  return input;
}

export async function caught(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

export async function callCount(sim: RunningSim, key: string): Promise<number> {
  const { counts } = await sim.control<{ counts: Record<string, number> }>("GET", "/_sim/calls");
  return counts[key] ?? 0;
}

export interface SimPostView {
  accountId: string;
  postId: string;
  text: string;
  deleted: boolean;
  link: string | null;
  media: Array<{ url: string; type: string }>;
  details: Record<string, unknown>;
}

export async function simPosts(sim: RunningSim, includeDeleted = false): Promise<SimPostView[]> {
  const { data } = await sim.control<{ data: SimPostView[] }>(
    "GET",
    `/_sim/posts?platform=gbp&includeDeleted=${includeDeleted}`,
  );
  return data;
}

export const endpoints = {
  token: "POST oauth2.googleapis.com/token",
  createPost: "POST mybusiness.googleapis.com/v4/accounts/:accountId/locations/:locationId/localPosts",
  listPosts: "GET mybusiness.googleapis.com/v4/accounts/:accountId/locations/:locationId/localPosts",
  getPost: "GET mybusiness.googleapis.com/v4/accounts/:accountId/locations/:locationId/localPosts/:postId",
  certs: "GET www.googleapis.com/oauth2/v3/certs",
};
