// The sim module is not exported from @postd/platform-sim yet (platforms/index.ts is the lead's); see the report.
import { createMailchimpSim } from "@postd/platform-sim";
import { expect } from "vitest";
import {
  type AccountAccess,
  type AuthenticateResult,
  ConnectorError,
  createHttpClient,
  type EmailContent,
  type HttpClient,
  type PostContent,
  type PublishInput,
  type PublishProgress,
  systemClock,
} from "../src/index";
// Not re-exported from src/index.ts yet (the lead's file); see the report.
import {
  createMailchimpConnector,
  defaultMailchimpScopes,
  type MailchimpConfig,
  type MailchimpConnector,
} from "../src/mailchimp/index";
import { type RunningSim, startSim } from "./support/sim";

export const ada = {
  userId: "71830461",
  dc: "us19",
  apiEndpoint: "https://us19.api.mailchimp.com",
  newsletter: "a19e5d0c01",
  emptyAudience: "a19e5d0c05",
};
export const bob = {
  userId: "90412257",
  dc: "us21",
  apiEndpoint: "https://us21.api.mailchimp.com",
  rideClub: "b21f7a9e01",
};
export const redirectUri = "https://app.postd.test/oauth/mailchimp/callback";

export const endpoints = {
  token: "POST login.mailchimp.com/oauth2/token",
  metadata: "GET login.mailchimp.com/oauth2/metadata",
  lists: "GET us19.api.mailchimp.com/3.0/lists",
  campaigns: "GET us19.api.mailchimp.com/3.0/campaigns",
  create: "POST us19.api.mailchimp.com/3.0/campaigns",
  campaign: "GET us19.api.mailchimp.com/3.0/campaigns/:campaignId",
  content: "PUT us19.api.mailchimp.com/3.0/campaigns/:campaignId/content",
  checklist: "GET us19.api.mailchimp.com/3.0/campaigns/:campaignId/send-checklist",
  send: "POST us19.api.mailchimp.com/3.0/campaigns/:campaignId/actions/send",
};

export interface MailchimpHarness {
  sim: RunningSim;
  http: HttpClient;
  /** `timeoutMs` gives this connector its own HTTP client (hang tests) */
  connector(overrides?: Partial<MailchimpConfig>, options?: { timeoutMs?: number }): MailchimpConnector;
  connect(user: { userId: string }): Promise<AuthenticateResult>;
  reset(): Promise<void>;
}

export async function startMailchimpHarness(): Promise<MailchimpHarness> {
  const sim = await startSim({ platforms: [createMailchimpSim] });
  const http = createHttpClient({ simUrl: sim.url, timeoutMs: 10_000 });
  const connector = (overrides: Partial<MailchimpConfig> = {}, options: { timeoutMs?: number } = {}) =>
    createMailchimpConnector(
      {
        clientId: "postd-sim-mailchimp",
        clientSecret: "postd-sim-mailchimp-secret",
        redirectUri,
        scopes: [...defaultMailchimpScopes],
        webhookToleranceSeconds: 300,
        pageSize: 2,
        ...overrides,
      },
      {
        http: options.timeoutMs ? createHttpClient({ simUrl: sim.url, timeoutMs: options.timeoutMs }) : http,
        clock: systemClock({ timeScale: 0.01 }),
      },
    );
  return {
    sim,
    http,
    connector,
    async connect(user) {
      const mailchimp = connector();
      const url = mailchimp.buildAuthorizationUrl({ state: "state-123", codeChallenge: null });
      const consent = await fetch(`${http.resolveUrl(url)}&auto=approve&user=${user.userId}`, {
        redirect: "manual",
      });
      expect(consent.status).toBe(302);
      const location = new URL(consent.headers.get("location") ?? "");
      expect(location.searchParams.get("state")).toBe("state-123");
      return mailchimp.authenticate({
        code: location.searchParams.get("code") ?? "",
        redirectUri,
        codeVerifier: null,
      });
    },
    reset: () => sim.control("POST", "/_sim/reset"),
  };
}

export function accessOf(auth: AuthenticateResult, listId: string = ada.newsletter): AccountAccess {
  return {
    accessToken: auth.tokens.accessToken,
    userAccessToken: auth.tokens.accessToken,
    account: { externalId: listId, kind: "mailchimp_audience", name: listId, metadata: {} },
    connection: auth.metadata,
  };
}

export function emailPost(
  email: Partial<EmailContent> = {},
  overrides: Partial<PostContent> = {},
): PostContent {
  return {
    reference: "tgt_01JMAILCHIMP",
    text: "",
    media: [],
    options: {},
    email: {
      subject: "Our sourdough is back",
      previewText: "Fresh loaves every Friday",
      fromName: "Ada's Bakery",
      replyTo: "hello@bakery.test",
      html: "<h1>Sourdough</h1><p>Back on Friday.</p>",
      ...email,
    },
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

export async function callCount(sim: RunningSim, key: string): Promise<number> {
  const { counts } = await sim.control<{ counts: Record<string, number> }>("GET", "/_sim/calls");
  return counts[key] ?? 0;
}

export interface SimCampaign {
  id: string;
  userId: string;
  listId: string;
  status: string;
  title: string;
  subject: string;
  hasContent: boolean;
}

export async function simCampaigns(sim: RunningSim): Promise<SimCampaign[]> {
  const state = await sim.control<{ platforms: { mailchimp: { campaigns: SimCampaign[] } } }>(
    "GET",
    "/_sim/state",
  );
  return state.platforms.mailchimp.campaigns;
}

export async function simPosts(sim: RunningSim) {
  const { data } = await sim.control<{
    data: Array<{
      accountId: string;
      postId: string;
      text: string;
      deleted: boolean;
      details: Record<string, unknown>;
    }>;
  }>("GET", "/_sim/posts?platform=mailchimp&includeDeleted=true");
  return data;
}

/** Injects a fault on the sim (`path` is a substring of the path after the host). */
export function inject(sim: RunningSim, rule: Record<string, unknown>) {
  return sim.control("POST", "/_sim/faults", rule);
}

/** Mailchimp's problem+json error body, for injected faults. */
export function mailchimpProblem(
  status: number,
  title: string,
  detail = `${title} happened`,
  extra: Record<string, unknown> = {},
) {
  return {
    type: "https://mailchimp.com/developer/marketing/docs/errors/",
    title,
    status,
    detail,
    instance: "995c5cb0-3280-4a6e-808b-3b096d0bb219",
    ...extra,
  };
}
