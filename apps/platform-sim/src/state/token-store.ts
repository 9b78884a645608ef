import { randomBytes } from "node:crypto";
import type { Platform } from "@postd/contracts";

export interface TokenRecord {
  token: string;
  kind: "access" | "refresh";
  platform: Platform;
  grantId: string;
  userId: string;
  clientId: string;
  scopes: string[];
  issuedAt: number;
  /** null: never expires */
  expiresAt: number | null;
  revoked: boolean;
  /** a rotated refresh token that was already exchanged */
  used: boolean;
}

export interface Grant {
  grantId: string;
  accessToken: TokenRecord;
  refreshToken: TokenRecord | null;
}

export type AccessCheck =
  | { ok: true; record: TokenRecord }
  | { ok: false; reason: "invalid" | "expired" | "revoked" };

export type RefreshOutcome =
  | { ok: true; grant: Grant }
  | { ok: false; reason: "invalid" | "expired" | "revoked" | "reused" };

export interface IssueOptions {
  platform: Platform;
  userId: string;
  clientId: string;
  scopes: string[];
  /** null: the access token never expires */
  accessTtlSeconds: number | null;
  /** null: no refresh token is issued; `ttlSeconds` null: the refresh token never expires */
  refreshToken: { ttlSeconds: number | null } | null;
}

/** Every token the emulated platforms issued, with the grant they belong to. */
export class TokenStore {
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly grants = new Map<string, { revoked: boolean }>();

  /** `prefix`: read at each issue, put before every token (the sim's `tokenPrefix` setting: a canary) */
  constructor(
    private readonly now: () => number,
    private readonly prefix: () => string = () => "",
  ) {}

  issue(options: IssueOptions, grantId = `grant_${randomBytes(8).toString("hex")}`): Grant {
    this.grants.set(grantId, this.grants.get(grantId) ?? { revoked: false });
    const accessToken = this.create("access", options, grantId, options.accessTtlSeconds);
    const refreshToken =
      options.refreshToken === null
        ? null
        : this.create("refresh", options, grantId, options.refreshToken.ttlSeconds);
    return { grantId, accessToken, refreshToken };
  }

  /** A new access token on the same grant (Meta's long-lived exchange). */
  reissueAccess(record: TokenRecord, accessTtlSeconds: number | null): TokenRecord {
    return this.create("access", record, record.grantId, accessTtlSeconds);
  }

  checkAccess(token: string | undefined): AccessCheck {
    const record = token ? this.tokens.get(token) : undefined;
    if (record?.kind !== "access") return { ok: false, reason: "invalid" };
    if (record.revoked || this.grants.get(record.grantId)?.revoked) return { ok: false, reason: "revoked" };
    if (record.expiresAt !== null && record.expiresAt <= this.now()) return { ok: false, reason: "expired" };
    return { ok: true, record };
  }

  /**
   * Exchanges a refresh token. With `rotate`, the old refresh token is spent, and presenting a spent one again
   * revokes the whole grant (RFC 9700 §4.14.2), as TikTok does.
   */
  refresh(
    token: string,
    options: {
      clientId: string;
      rotate: boolean;
      accessTtlSeconds: number | null;
      refreshTtlSeconds: number | null;
    },
  ): RefreshOutcome {
    const record = this.tokens.get(token);
    if (record?.kind !== "refresh" || record.clientId !== options.clientId) {
      return { ok: false, reason: "invalid" };
    }
    if (record.revoked || this.grants.get(record.grantId)?.revoked) return { ok: false, reason: "revoked" };
    if (record.used) {
      this.revokeGrant(record.grantId);
      return { ok: false, reason: "reused" };
    }
    if (record.expiresAt !== null && record.expiresAt <= this.now()) return { ok: false, reason: "expired" };
    const access = this.create("access", record, record.grantId, options.accessTtlSeconds);
    let refresh: TokenRecord | null = record;
    if (options.rotate) {
      record.used = true;
      refresh = this.create("refresh", record, record.grantId, options.refreshTtlSeconds);
    }
    return { ok: true, grant: { grantId: record.grantId, accessToken: access, refreshToken: refresh } };
  }

  find(token: string): TokenRecord | undefined {
    return this.tokens.get(token);
  }

  revokeGrant(grantId: string): void {
    const grant = this.grants.get(grantId);
    if (grant) grant.revoked = true;
  }

  /** Revokes the grant a token belongs to; false when the token is unknown. */
  revokeByToken(token: string): boolean {
    const record = this.tokens.get(token);
    if (!record) return false;
    this.revokeGrant(record.grantId);
    return true;
  }

  /** Makes a token expire now (tests of refresh and `auth_expired`). */
  expire(token: string): boolean {
    const record = this.tokens.get(token);
    if (!record) return false;
    record.expiresAt = this.now() - 1;
    return true;
  }

  /** Every access token of a user's grants on a platform (the control API acts on "this user's tokens"). */
  tokensOf(platform: Platform, userId: string): TokenRecord[] {
    return [...this.tokens.values()].filter((t) => t.platform === platform && t.userId === userId);
  }

  /** Every token issued so far, of every platform (the control API lists them for leak checks). */
  all(): TokenRecord[] {
    return [...this.tokens.values()];
  }

  isGrantRevoked(grantId: string): boolean {
    return this.grants.get(grantId)?.revoked ?? false;
  }

  clear(): void {
    this.tokens.clear();
    this.grants.clear();
  }

  private create(
    kind: TokenRecord["kind"],
    source: Pick<TokenRecord, "platform" | "userId" | "clientId" | "scopes">,
    grantId: string,
    ttlSeconds: number | null,
  ): TokenRecord {
    const issuedAt = this.now();
    const record: TokenRecord = {
      token: `${this.prefix()}sim${source.platform}_${kind === "access" ? "at" : "rt"}_${randomBytes(18).toString("base64url")}`,
      kind,
      platform: source.platform,
      grantId,
      userId: source.userId,
      clientId: source.clientId,
      scopes: [...source.scopes],
      issuedAt,
      expiresAt: ttlSeconds === null ? null : issuedAt + ttlSeconds * 1000,
      revoked: false,
      used: false,
    };
    this.tokens.set(record.token, record);
    return record;
  }
}
