import { index, pgSchema, text, timestamp } from "drizzle-orm/pg-core";

// Not exported: drizzle-kit would emit a CREATE SCHEMA that runMigrations has already done (service-kit README).
const oauth = pgSchema("oauth");

/**
 * One row per OAuth attempt (`svc.oauth.start`). The state itself is never stored, only its SHA-256; the PKCE
 * verifier only encrypted, and wiped when the session ends or expires. `used_at` makes the state single-use;
 * `outcome` keeps what happened for the audit trail until the purge removes the row.
 */
export const oauthSessions = oauth.table(
  "oauth_sessions",
  {
    /** `oas_…` */
    id: text().primaryKey(),
    /** SHA-256 hex of the state sent to the platform */
    stateHash: text().notNull().unique("oauth_sessions_state_hash_key"),
    tenantId: text().notNull(),
    platform: text().notNull(),
    /** the allow-listed URL the browser goes back to, as validated at start */
    returnTo: text(),
    /** PKCE verifier, AES-256-GCM (`v1.…`, AAD = session id + tenant), where the platform takes PKCE */
    codeVerifierCiphertext: text(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    /** set once, atomically, by the first complete that presents the state */
    usedAt: timestamp({ withTimezone: true }),
    /** `connected`, or the error code the complete answered (`access_denied`, `exchange_failed`, …) */
    outcome: text(),
    /** the connection token-service stored, when connected */
    connectionId: text(),
    completedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("oauth_sessions_expires_at_idx").on(table.expiresAt),
    index("oauth_sessions_tenant_created_idx").on(table.tenantId, table.createdAt),
  ],
);

export type OAuthSessionRow = typeof oauthSessions.$inferSelect;

export const tables = { oauthSessions };
export type Tables = typeof tables;
