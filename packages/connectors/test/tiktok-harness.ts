import { createTikTokSim } from "@postd/platform-sim";
import { expect } from "vitest";
import {
  type AccountAccess,
  type AuthenticateResult,
  type Connector,
  ConnectorError,
  createHttpClient,
  type HttpClient,
  type PostContent,
  type PublishInput,
  type PublishProgress,
  systemClock,
} from "../src/index";
import { createTikTokConnector, defaultTikTokScopes, type TikTokConfig } from "../src/tiktok/index";
import { type RunningSim, startSim } from "./support/sim";

export const alice = { openId: "-000tt-open-alice", username: "alice.creates" };
export const bob = { openId: "-000tt-open-bob", username: "bob.private" };
export const redirectUri = "https://app.postd.test/oauth/tiktok/callback";
export const mib = 1024 * 1024;

export function startTikTokSim(): Promise<RunningSim> {
  return startSim({ platforms: [createTikTokSim] });
}

export interface Harness {
  connector: Connector;
  http: HttpClient;
  config: TikTokConfig;
}

export function createHarness(
  sim: RunningSim,
  overrides: Partial<TikTokConfig> = {},
  options: { timeoutMs?: number } = {},
): Harness {
  const config: TikTokConfig = {
    clientId: "postd-sim-tiktok",
    clientSecret: "postd-sim-tiktok-secret",
    redirectUri,
    scopes: [...defaultTikTokScopes],
    pollIntervalMs: 10,
    maxPolls: 10,
    chunkSizeBytes: 5 * mib,
    webhookToleranceSeconds: 300,
    ...overrides,
  };
  const http = createHttpClient({ simUrl: sim.url, timeoutMs: options.timeoutMs ?? 2_000 });
  const connector = createTikTokConnector(config, { http, clock: systemClock({ timeScale: 0.01 }) });
  return { connector, http, config };
}

/** Walks the consent page with `auto=approve` and returns the code and state TikTok redirects with. */
export async function consent(
  harness: Harness,
  options: { user?: string; state?: string; decision?: "approve" | "deny" } = {},
): Promise<URL> {
  const url = harness.connector.buildAuthorizationUrl({
    state: options.state ?? "st_123",
    codeChallenge: null,
  });
  const simUrl = new URL(harness.http.resolveUrl(url));
  simUrl.searchParams.set("auto", options.decision ?? "approve");
  if (options.user) simUrl.searchParams.set("user", options.user);
  const response = await fetch(simUrl, { redirect: "manual" });
  expect(response.status).toBe(302);
  return new URL(response.headers.get("location") ?? "");
}

/** The whole OAuth dance for one user: consent, code exchange, identity. */
export async function connect(harness: Harness, user = alice.openId): Promise<AuthenticateResult> {
  const location = await consent(harness, { user });
  return harness.connector.authenticate({
    code: location.searchParams.get("code") ?? "",
    redirectUri,
    codeVerifier: null,
  });
}

export function accessOf(result: AuthenticateResult, username?: string): AccountAccess {
  return {
    accessToken: result.tokens.accessToken,
    userAccessToken: result.tokens.accessToken,
    account: {
      externalId: result.externalUserId,
      kind: "tiktok_account",
      name: result.displayName,
      metadata: username ? { username } : {},
    },
    connection: result.metadata,
  };
}

export function videoPost(
  options: Record<string, unknown> = {},
  overrides: Partial<PostContent> = {},
): PostContent {
  return {
    reference: "tgt_video",
    text: "A new clip #postd",
    media: [{ url: "https://media.platform-sim.test/clip.mp4?bytes=2048", type: "video" }],
    options: { privacyLevel: "PUBLIC_TO_EVERYONE", ...options },
    ...overrides,
  };
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

export interface SimPublishView {
  publishId: string;
  status: string;
  postId: string | null;
  source: string;
  upload: {
    videoSize: number;
    chunkSize: number;
    totalChunkCount: number;
    received: number;
    chunks: Array<{ first: number; last: number }>;
    sha256: string | null;
  } | null;
}

export async function simPublishes(sim: RunningSim): Promise<SimPublishView[]> {
  const state = await sim.control<{ platforms: { tiktok: { publishes: SimPublishView[] } } }>(
    "GET",
    "/_sim/state",
  );
  return state.platforms.tiktok.publishes;
}

export async function callCount(sim: RunningSim, key: string): Promise<number> {
  const { counts } = await sim.control<{ counts: Record<string, number> }>("GET", "/_sim/calls");
  return counts[key] ?? 0;
}

export const endpoints = {
  creatorInfo: "POST open.tiktokapis.com/v2/post/publish/creator_info/query/",
  videoInit: "POST open.tiktokapis.com/v2/post/publish/video/init/",
  photoInit: "POST open.tiktokapis.com/v2/post/publish/content/init/",
  status: "POST open.tiktokapis.com/v2/post/publish/status/fetch/",
  upload: "PUT open-upload.tiktokapis.com/upload/",
  videoList: "POST open.tiktokapis.com/v2/video/list/",
  token: "POST open.tiktokapis.com/v2/oauth/token/",
};
