// platform-sim does not export its platform modules yet (see the report): reach the factory directly.
import { createMetaSim } from "@postd/platform-sim";
import {
  type AccountAccess,
  type AuthenticateResult,
  type Connector,
  createHttpClient,
  type HttpClient,
  type PlatformAccount,
  type PostContent,
  type PublishInput,
  type PublishProgress,
  systemClock,
} from "../src/index";
import { createMetaConnector, defaultMetaScopes, type MetaConfig } from "../src/meta/index";
import { type RunningSim, startSim } from "./support/sim";

export const ada = "100000000000001";
export const grace = "100000000000002";
export const bakeryPage = "200000000000001";
export const booksPage = "200000000000002";
export const bakeryInstagram = "17841400000000001";

export function startMetaSim(): Promise<RunningSim> {
  return startSim({ platforms: [createMetaSim] });
}

export function metaConfig(overrides: Partial<MetaConfig> = {}): MetaConfig {
  return {
    clientId: "postd-sim-meta",
    clientSecret: "postd-sim-meta-secret",
    redirectUri: "https://app.postd.test/api/oauth/meta/callback",
    scopes: [...defaultMetaScopes],
    graphVersion: "v26.0",
    webhookVerifyToken: "verify-me-please",
    pollIntervalMs: 20,
    maxPolls: 5,
    accountsPageSize: 2,
    ...overrides,
  };
}

export interface Harness {
  connector: Connector;
  http: HttpClient;
}

export function harness(sim: RunningSim, overrides: Partial<MetaConfig> = {}): Harness {
  const http = createHttpClient({ simUrl: sim.url, timeoutMs: 1_000 });
  const connector = createMetaConnector(metaConfig(overrides), {
    http,
    clock: systemClock({ timeScale: 0.1 }),
  });
  return { connector, http };
}

/** The browser's part: open the dialog on the sim, approve as `user`, read the code from the redirect. */
export async function consent(h: Harness, options: { user?: string; state?: string } = {}) {
  const state = options.state ?? "state-123";
  const url = h.connector.buildAuthorizationUrl({ state, codeChallenge: null });
  const response = await fetch(`${h.http.resolveUrl(url)}&auto=approve&user=${options.user ?? ada}`, {
    redirect: "manual",
  });
  const location = new URL(response.headers.get("location") ?? "");
  return { status: response.status, location, code: location.searchParams.get("code") ?? "", state };
}

export async function connect(h: Harness, options: { user?: string } = {}) {
  const { code } = await consent(h, options);
  const auth = await h.connector.authenticate({
    code,
    redirectUri: metaConfig().redirectUri,
    codeVerifier: null,
  });
  const accounts = await h.connector.fetchAccounts({
    accessToken: auth.tokens.accessToken,
    connection: auth.metadata,
  });
  return { auth, accounts };
}

export function accessFor(
  auth: AuthenticateResult,
  accounts: PlatformAccount[],
  externalId: string,
): AccountAccess {
  const account = accounts.find((a) => a.externalId === externalId);
  if (!account?.accessToken) throw new Error(`no account ${externalId} with a token`);
  return {
    accessToken: account.accessToken,
    userAccessToken: auth.tokens.accessToken,
    account: { externalId, kind: account.kind, metadata: account.metadata, name: account.name },
    connection: auth.metadata,
  };
}

export function post(overrides: Partial<PostContent> = {}): PostContent {
  return { reference: "tgt_test", text: "Fresh bread at 8", media: [], options: {}, ...overrides };
}

export const media = {
  jpeg: (name = "photo", query = "") => ({
    url: `https://media.platform-sim.test/${name}.jpg?bytes=2048${query}`,
    type: "image" as const,
  }),
  video: (name = "clip") => ({
    url: `https://media.platform-sim.test/${name}.mp4?bytes=4096`,
    type: "video" as const,
  }),
};

/** A publish input whose saved progress the test can read, as the pipeline would store it. */
export function publishInput(content: PostContent, progress: PublishProgress = {}) {
  const saved: PublishProgress[] = [];
  const input: PublishInput = {
    post: content,
    progress,
    saveProgress: async (next) => {
      saved.push({ ...next });
    },
  };
  return { input, saved, last: () => saved.at(-1) ?? progress };
}

export async function settle<T>(promise: Promise<T>): Promise<unknown> {
  return promise.then(
    () => new Error("expected a failure"),
    (error: unknown) => error,
  );
}

/** Graph's error body, as the sim's fault injection sends it. */
export function graphError(code: number, subcode?: number, extra: Record<string, unknown> = {}) {
  return {
    error: {
      message: `(#${code}) injected`,
      type: "OAuthException",
      code,
      ...(subcode === undefined ? {} : { error_subcode: subcode }),
      fbtrace_id: "AbCdEfGh123",
      ...extra,
    },
  };
}
