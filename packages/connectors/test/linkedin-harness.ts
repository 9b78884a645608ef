// The sim module is not exported from @postd/platform-sim yet (platforms/index.ts is the lead's); see the report.
import { createLinkedInSim } from "@postd/platform-sim";
import { expect } from "vitest";
import {
  type AccountAccess,
  type AuthenticateResult,
  type Connector,
  ConnectorError,
  createHttpClient,
  type HttpClient,
  type PlatformAccount,
  type PostContent,
  type PublishInput,
  type PublishProgress,
  systemClock,
} from "../src/index";
// Not re-exported from src/index.ts yet (the lead's file); see the report.
import { createLinkedInConnector, defaultLinkedInScopes, type LinkedInConfig } from "../src/linkedin/index";
import { type RunningSim, startSim } from "./support/sim";

export const ada = { sub: "x7Ada01Lv", urn: "urn:li:person:x7Ada01Lv", name: "Ada Lovelace" };
export const bob = { sub: "q2Bob02Bd", urn: "urn:li:person:q2Bob02Bd", name: "Bob Builder" };
export const redirectUri = "https://app.postd.test/oauth/linkedin/callback";

/** This month as a LinkedIn-Version, so the sim (which serves the last 12 months) always accepts it. */
export function currentApiVersion(now = Date.now()): string {
  const date = new Date(now);
  return `${date.getUTCFullYear()}${String(date.getUTCMonth() + 1).padStart(2, "0")}`;
}

export interface LinkedInHarness {
  sim: RunningSim;
  http: HttpClient;
  /** shifts the sim's clock (token expiry, the daily reset) */
  advanceSim(ms: number): void;
  /** `timeoutMs` gives this connector its own HTTP client (hang tests); others share a generous one */
  connector(overrides?: Partial<LinkedInConfig>, options?: { timeoutMs?: number }): Connector;
  connect(user: { sub: string }, scopes?: readonly string[]): Promise<AuthenticateResult>;
  reset(): Promise<void>;
}

export async function startLinkedInHarness(options: { timeoutMs?: number } = {}): Promise<LinkedInHarness> {
  let offset = 0;
  const sim = await startSim({ platforms: [createLinkedInSim], now: () => Date.now() + offset });
  const http = createHttpClient({ simUrl: sim.url, timeoutMs: options.timeoutMs ?? 10_000 });
  const connector = (overrides: Partial<LinkedInConfig> = {}, clientOptions: { timeoutMs?: number } = {}) =>
    createLinkedInConnector(
      {
        clientId: "postd-sim-linkedin",
        clientSecret: "postd-sim-linkedin-secret",
        redirectUri,
        scopes: [...defaultLinkedInScopes, "r_member_social"],
        apiVersion: currentApiVersion(),
        pollIntervalMs: 5,
        maxPolls: 10,
        pageSize: 2,
        ...overrides,
      },
      {
        http: clientOptions.timeoutMs
          ? createHttpClient({ simUrl: sim.url, timeoutMs: clientOptions.timeoutMs })
          : http,
        clock: systemClock({ timeScale: 0.01 }),
      },
    );
  return {
    sim,
    http,
    advanceSim: (ms) => {
      offset += ms;
    },
    connector,
    async connect(user, scopes) {
      const linkedIn = connector(scopes ? { scopes: [...scopes] } : {});
      const url = linkedIn.buildAuthorizationUrl({ state: "state-123", codeChallenge: null });
      const consent = await fetch(`${http.resolveUrl(url)}&auto=approve&user=${user.sub}`, {
        redirect: "manual",
      });
      const location = new URL(consent.headers.get("location") ?? "");
      expect(location.searchParams.get("state")).toBe("state-123");
      const code = location.searchParams.get("code") ?? "";
      return linkedIn.authenticate({ code, redirectUri, codeVerifier: null });
    },
    async reset() {
      offset = 0;
      await sim.control("POST", "/_sim/reset");
    },
  };
}

export function accessFor(auth: AuthenticateResult, account: PlatformAccount): AccountAccess {
  return {
    accessToken: auth.tokens.accessToken,
    userAccessToken: auth.tokens.accessToken,
    account: {
      externalId: account.externalId,
      kind: account.kind,
      metadata: account.metadata,
      name: account.name,
    },
    connection: auth.metadata,
  };
}

export function memberAccount(user: { urn: string; name: string; sub: string }): PlatformAccount {
  return { externalId: user.urn, name: user.name, kind: "linkedin_member", accessToken: null, metadata: {} };
}

export function organizationAccount(id: number): PlatformAccount {
  return {
    externalId: `urn:li:organization:${id}`,
    name: `Organization ${id}`,
    kind: "linkedin_organization",
    accessToken: null,
    metadata: {},
  };
}

export function postOf(overrides: Partial<PostContent> = {}): PostContent {
  return { reference: "tgt_test", text: "Hello from POSTD", media: [], options: {}, ...overrides };
}

/** A publish input whose saved progress is kept, as the pipeline keeps it, for a retry. */
export function publishInputOf(post: PostContent, saved: { progress: PublishProgress }): PublishInput {
  return {
    post,
    progress: { ...saved.progress },
    saveProgress: async (progress) => {
      saved.progress = { ...progress };
    },
  };
}

export async function connectorError(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

export interface SimPostRecord {
  accountId: string;
  postId: string;
  text: string;
  link: string | null;
  deleted: boolean;
  media: Array<{ url: string; type: string }>;
  details: { commentary: string; visibility: string; content: Record<string, unknown> | null };
}

export async function simPosts(sim: RunningSim, includeDeleted = false): Promise<SimPostRecord[]> {
  const answer = await sim.control<{ data: SimPostRecord[] }>(
    "GET",
    `/_sim/posts?platform=linkedin&includeDeleted=${includeDeleted}`,
  );
  return answer.data;
}

export async function callCount(sim: RunningSim, key: string): Promise<number> {
  const answer = await sim.control<{ counts: Record<string, number> }>("GET", "/_sim/calls");
  return answer.counts[key] ?? 0;
}
