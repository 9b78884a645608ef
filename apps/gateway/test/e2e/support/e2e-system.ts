import type { AccountKind, ConnectionView, Platform } from "@postd/contracts";
import { type RunningSystem, randomToken, type StartSystemOptions, startSystem } from "@postd/testing";
import postgres, { type Sql } from "postgres";
import { type Answer, type CallOptions, call, expectStatus } from "./http";

/** The return URL the system allows by default (`OAUTH_RETURN_TO_ALLOWLIST` of startSystem's environment). */
export const defaultReturnTo = "http://127.0.0.1:5173/settings/connections";

/** The account kinds each platform's connection lists (shared/api.md). */
export const accountKinds: Record<Platform, readonly AccountKind[]> = {
  meta: ["facebook_page", "instagram_account"],
  linkedin: ["linkedin_member", "linkedin_organization"],
  tiktok: ["tiktok_account"],
  gbp: ["gbp_location"],
  mailchimp: ["mailchimp_audience"],
};

export const platforms = Object.keys(accountKinds) as Platform[];

export interface Tenant {
  tenantId: string;
  apiKey: string;
  keyId: string;
}

export interface Connected {
  connectionId: string;
  /** where the gateway's callback sent the browser */
  redirect: URL;
  connection: ConnectionView;
}

/** What the helpers need of a running POSTD: real processes (startSystem) or services in one process. */
export interface SystemUnderTest {
  gatewayUrl: string;
  simUrl: string;
  adminKey: string;
  /** the environment the services run with (DATABASE_URL, NATS_URL, NATS_PREFIX, …) */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export interface E2eSystem<S extends SystemUnderTest = RunningSystem> {
  system: S;
  /** a call to the gateway's public port (`path` starts with `/`) */
  gateway<T = unknown>(path: string, options?: CallOptions): Promise<Answer<T>>;
  /** a call to platform-sim (its control API is under `/_sim`) */
  sim<T = unknown>(path: string, options?: CallOptions): Promise<Answer<T>>;
  /** the system's database (every service's schema) */
  sql: Sql;
  createTenant(name?: string): Promise<Tenant>;
  /** the whole OAuth flow through the gateway, consent decided by the sim's `auto=approve` */
  connect(
    tenant: Tenant,
    platform: Platform,
    options?: { returnTo?: string; user?: string },
  ): Promise<Connected>;
  connection(tenant: Tenant, connectionId: string): Promise<ConnectionView>;
  /** the id of the tenant's account of this kind on the connection (the first one, or the one with `externalId`) */
  accountOf(connection: ConnectionView, kind: AccountKind, externalId?: string): string;
  stop(): Promise<void>;
}

/**
 * One test file's POSTD: platform-sim and the six services as real processes (startSystem), and helpers that go
 * through the gateway over HTTP exactly as a frontend or script would.
 */
export async function startE2eSystem(options: StartSystemOptions = {}): Promise<E2eSystem> {
  const system = await startSystem(options);
  return e2eClientOf(system);
}

/** Helpers that work on either kind of system. */
export type AnyE2eSystem = E2eSystem<SystemUnderTest>;

/** The helpers over a system that is already running; `stop()` stops it too. */
export function e2eClientOf<S extends SystemUnderTest>(system: S): E2eSystem<S> {
  const sql = postgres(system.env.DATABASE_URL ?? "", { max: 2, onnotice: () => undefined });
  const gateway = <T>(path: string, callOptions?: CallOptions) =>
    call<T>(`${system.gatewayUrl}${path}`, callOptions);
  const sim = <T>(path: string, callOptions?: CallOptions) => call<T>(`${system.simUrl}${path}`, callOptions);

  const connection = (tenant: Tenant, connectionId: string) =>
    expectStatus(gateway<ConnectionView>(`/api/connections/${connectionId}`, { key: tenant.apiKey }), 200);

  return {
    system,
    gateway,
    sim,
    sql,
    async createTenant(name = `tenant ${randomToken()}`) {
      return expectStatus(
        gateway<Tenant>("/api/admin/tenants", { key: system.adminKey, body: { name } }),
        201,
      );
    },
    async connect(tenant, platform, connectOptions = {}) {
      const consent = await authorize({ gateway, tenant, platform, ...connectOptions });
      const callback = await fetch(consent, { redirect: "manual" });
      const location = callback.headers.get("location");
      if (callback.status !== 302 || !location) {
        throw new Error(`${platform} callback answered ${callback.status}: ${await callback.text()}`);
      }
      const redirect = new URL(location);
      const connectionId = redirect.searchParams.get("connectionId");
      if (redirect.searchParams.get("status") !== "connected" || !connectionId) {
        throw new Error(`${platform} did not connect: ${location}`);
      }
      return { connectionId, redirect, connection: await connection(tenant, connectionId) };
    },
    connection,
    accountOf(view, kind, externalId) {
      const account = view.accounts.find(
        (a) => a.kind === kind && (externalId === undefined || a.externalId === externalId),
      );
      if (!account) throw new Error(`connection ${view.id} lists no ${kind} ${externalId ?? ""}`);
      return account.id;
    },
    async stop() {
      await sql.end({ timeout: 5 });
      await system.stop();
    },
  };
}

/**
 * `POST /api/oauth/:platform/start`, then the sim's consent with `auto=approve`: answers the gateway callback URL
 * the sim redirected to (with the code and state), not yet visited.
 */
export async function authorize(input: {
  gateway: E2eSystem["gateway"];
  tenant: Tenant;
  platform: Platform;
  returnTo?: string;
  user?: string;
  decision?: "approve" | "deny";
}): Promise<string> {
  const started = await expectStatus(
    input.gateway<{ authorizationUrl: string }>(`/api/oauth/${input.platform}/start`, {
      key: input.tenant.apiKey,
      body: { returnTo: input.returnTo ?? defaultReturnTo },
    }),
    200,
  );
  const url = new URL(started.authorizationUrl);
  url.searchParams.set("auto", input.decision ?? "approve");
  if (input.user) url.searchParams.set("user", input.user);
  const consent = await fetch(url, { redirect: "manual" });
  const location = consent.headers.get("location");
  if (consent.status !== 302 || !location) {
    throw new Error(`${input.platform} consent answered ${consent.status}: ${await consent.text()}`);
  }
  return location;
}
