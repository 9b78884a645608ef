import { createHash, randomBytes } from "node:crypto";
import type { Platform } from "@postd/contracts";

export interface AuthorizationCode {
  code: string;
  platform: Platform;
  clientId: string;
  redirectUri: string;
  userId: string;
  scopes: string[];
  codeChallenge: string | null;
  expiresAt: number;
}

export type CodeCheck =
  | { ok: true; record: AuthorizationCode }
  | { ok: false; reason: "invalid" | "expired" | "redirect_mismatch" | "client_mismatch" | "pkce_failed" };

/** Authorization codes: single use, 10 minutes, bound to client, redirect URI and (optionally) a PKCE challenge. */
export class CodeStore {
  private readonly codes = new Map<string, AuthorizationCode>();

  /** `prefix`: read at each issue, put before every code (the sim's `tokenPrefix` setting: a canary) */
  constructor(
    private readonly now: () => number,
    private readonly prefix: () => string = () => "",
  ) {}

  issue(input: Omit<AuthorizationCode, "code" | "expiresAt">): AuthorizationCode {
    const record = {
      ...input,
      code: `${this.prefix()}simcode_${randomBytes(16).toString("base64url")}`,
      expiresAt: this.now() + 600_000,
    };
    this.codes.set(record.code, record);
    return record;
  }

  consume(
    code: string,
    expected: { platform: Platform; clientId: string; redirectUri: string; codeVerifier?: string | null },
  ): CodeCheck {
    const record = this.codes.get(code);
    if (!record || record.platform !== expected.platform) return { ok: false, reason: "invalid" };
    this.codes.delete(code);
    if (record.expiresAt <= this.now()) return { ok: false, reason: "expired" };
    if (record.clientId !== expected.clientId) return { ok: false, reason: "client_mismatch" };
    if (record.redirectUri !== expected.redirectUri) return { ok: false, reason: "redirect_mismatch" };
    if (record.codeChallenge !== null) {
      const verifier = expected.codeVerifier ?? "";
      const challenge = createHash("sha256").update(verifier, "ascii").digest("base64url");
      if (challenge !== record.codeChallenge) return { ok: false, reason: "pkce_failed" };
    }
    return { ok: true, record };
  }

  clear(): void {
    this.codes.clear();
  }
}
