import type { AccountKind, FieldProblem, Platform, PlatformEventKind } from "@postd/contracts";
import type { Clock } from "./clock";
import type { HttpClient } from "./http-client";

/** The app credentials and settings of one platform, from configuration. */
export interface OAuthAppConfig {
  clientId: string;
  clientSecret: string;
  /** the gateway's callback URL registered with the platform */
  redirectUri: string;
  scopes: string[];
}

/** How asynchronous platform states are polled (IG containers, TikTok publishes, LinkedIn videos). */
export interface PollingConfig {
  pollIntervalMs: number;
  maxPolls: number;
}

export interface ConnectorDeps {
  http: HttpClient;
  clock: Clock;
}

/** Tokens as the platform issued them. Only token-service ever holds these in plain text. */
export interface TokenSet {
  accessToken: string;
  refreshToken: string | null;
  /** null: the token does not expire (Mailchimp, Meta Page tokens) */
  expiresAt: Date | null;
  refreshTokenExpiresAt: Date | null;
  scopes: string[];
}

/** Non-secret facts about the grant that later calls need (Mailchimp's data center, Meta's user id). */
export type ConnectionMetadata = Record<string, string>;

/** One thing on the platform that can be posted to: a Page, an IG account, a member, an organization, … */
export interface PlatformAccount {
  externalId: string;
  name: string;
  kind: AccountKind;
  /** an account-level token when the platform issues one (Meta Page tokens); stored encrypted like the rest */
  accessToken: string | null;
  /** non-secret facts the connector needs later (GBP `accounts/{a}/locations/{l}`, the IG user's Page id) */
  metadata: Record<string, string>;
}

export interface AuthenticateInput {
  code: string;
  redirectUri: string;
  /** the PKCE verifier, when the authorization URL carried a challenge */
  codeVerifier: string | null;
}

export interface AuthenticateResult {
  tokens: TokenSet;
  /** the platform's id for the user who consented (Meta user id, LinkedIn sub, TikTok open_id, Mailchimp user) */
  externalUserId: string;
  displayName: string;
  metadata: ConnectionMetadata;
}

export interface AuthorizationUrlInput {
  state: string;
  /** S256 challenge of the PKCE verifier, for platforms whose capabilities say `pkce` */
  codeChallenge: string | null;
  redirectUri?: string;
}

/** What a call on behalf of an account carries: the right token and the facts stored with the connection. */
export interface AccountAccess {
  /** the account's own token when it has one (Page token), else the connection's */
  accessToken: string;
  /** the connection's user token, for the few calls that need it beside a Page token (Instagram delete) */
  userAccessToken: string;
  account: Pick<PlatformAccount, "externalId" | "kind" | "metadata" | "name">;
  connection: ConnectionMetadata;
}

/** The connection-level calls (health check, revoke, refresh) use the user token only. */
export interface ConnectionAccess {
  accessToken: string;
  connection: ConnectionMetadata;
}

export type MediaKind = "image" | "video";

export interface MediaItem {
  url: string;
  type: MediaKind;
  altText?: string;
}

export interface EmailContent {
  subject: string;
  previewText?: string;
  fromName: string;
  replyTo: string;
  html: string;
}

/** A post as the pipeline hands it to a connector; `options` are the target's platform-specific settings. */
export interface PostContent {
  /**
   * Our id for this target. Platforms with a field the audience never sees (Mailchimp's campaign title) carry it,
   * so `findPost` can recognise our post exactly; elsewhere it is matched by content.
   */
  reference: string;
  text: string;
  media: MediaItem[];
  link?: string;
  email?: EmailContent;
  options: Record<string, unknown>;
}

/**
 * Ids a multi-step publish has obtained so far (IG container id, TikTok publish_id, Mailchimp campaign id,
 * LinkedIn image URNs). The pipeline stores each one the moment it exists and hands them back on a retry, so
 * the retry resumes instead of starting again.
 */
export type PublishProgress = Record<string, string>;

export interface PublishInput {
  post: PostContent;
  progress: PublishProgress;
  /** persists progress before the next step; awaited */
  saveProgress(progress: PublishProgress): Promise<void>;
  signal?: AbortSignal;
}

export interface PublishedPost {
  platformPostId: string;
  url: string | null;
}

export interface FindPostInput {
  post: PostContent;
  progress: PublishProgress;
  /** when our first attempt started: posts older than this are not ours */
  since: Date;
}

export type FindPostResult =
  | { outcome: "found"; post: PublishedPost }
  | { outcome: "not_found" }
  /** the platform cannot be searched for this post: the pipeline must not guess */
  | { outcome: "cannot_tell"; reason: string };

/** Normalized post metrics; each present only when the platform reports it. */
export interface PostMetrics {
  impressions?: number;
  reach?: number;
  views?: number;
  likes?: number;
  comments?: number;
  shares?: number;
  saves?: number;
  clicks?: number;
  opens?: number;
  emailsSent?: number;
}

export interface HealthResult {
  healthy: boolean;
  detail: string;
}

export interface AccountOptions {
  kind: AccountKind;
  options: Record<string, unknown>;
}

export interface WebhookRequest {
  /** GET for handshakes; absent means POST */
  method?: string;
  /** the exact bytes received; signatures are over these, never over re-serialized JSON */
  rawBody: Buffer;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, string | undefined>;
}

export interface HandshakeResponse {
  status: number;
  contentType: string;
  body: string;
}

export interface PlatformWebhookEvent {
  /** the platform's id for this event, for deduplication */
  platformEventId: string;
  kind: PlatformEventKind;
  /** Page id, IG user id, open_id, organization URN, location name, audience id */
  externalAccountId: string | null;
  occurredAt: Date;
  /** normalized fields (publishId, platformPostId, reason…); never tokens */
  data: Record<string, unknown>;
}

export interface Capabilities {
  /** what `publish` takes */
  mediaKinds: MediaKind[];
  textOnly: boolean;
  refresh: boolean;
  /**
   * each refresh spends the refresh token sent and returns a new one, and presenting a spent one again revokes the
   * grant (TikTok): a refresh whose answer was lost must never be sent again
   */
  rotatingRefreshTokens: boolean;
  revoke: boolean;
  delete: boolean;
  analytics: boolean;
  /** `findPost` can search the platform for a post we may have made */
  findPost: boolean;
  pkce: boolean;
  /** the platform's own scheduling (not used by the pipeline, which schedules everything itself) */
  nativeScheduling: boolean;
  webhooks: boolean;
}

/** Every platform implements this; the registry hands them out by platform. */
export interface Connector {
  readonly platform: Platform;
  readonly capabilities: Capabilities;
  /** kinds of accounts this platform yields */
  readonly accountKinds: readonly AccountKind[];

  buildAuthorizationUrl(input: AuthorizationUrlInput): string;
  authenticate(input: AuthenticateInput): Promise<AuthenticateResult>;
  refreshToken(tokens: TokenSet, connection: ConnectionMetadata): Promise<TokenSet>;
  revoke(access: ConnectionAccess): Promise<void>;
  fetchAccounts(access: ConnectionAccess): Promise<PlatformAccount[]>;

  validatePost(
    account: Pick<PlatformAccount, "kind">,
    post: PostContent,
    options?: AccountOptions,
  ): FieldProblem[];
  publish(access: AccountAccess, input: PublishInput): Promise<PublishedPost>;
  findPost(access: AccountAccess, input: FindPostInput): Promise<FindPostResult>;
  deletePost(access: AccountAccess, platformPostId: string): Promise<void>;
  getPostAnalytics(access: AccountAccess, platformPostId: string): Promise<PostMetrics>;
  healthCheck(access: ConnectionAccess): Promise<HealthResult>;
  getAccountOptions(access: AccountAccess): Promise<AccountOptions>;

  /** answers a GET handshake (Meta hub.challenge, LinkedIn challengeCode), or null when it is not one */
  handleWebhookHandshake(request: WebhookRequest): HandshakeResponse | null;
  /** never throws; false for anything that is not a valid, fresh signature over the raw body */
  validateWebhookSignature(
    request: WebhookRequest,
    options?: { secret?: string; now?: number },
  ): Promise<boolean>;
  parseWebhookEvent(request: WebhookRequest): PlatformWebhookEvent[];
}
