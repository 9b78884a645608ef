import { z } from "zod";
import { Platform } from "../domain";
import { defineRpc } from "../rpc";

export const StartOAuth = defineRpc({
  service: "oauth",
  verb: "start",
  request: z.object({
    tenantId: z.string().min(1),
    platform: Platform,
    /** where the browser goes after the callback; must be on the allow-list */
    returnTo: z.string().optional(),
  }),
  response: z.object({ authorizationUrl: z.string(), expiresAt: z.iso.datetime() }),
});

export const OAuthOutcome = z.object({
  status: z.enum(["connected", "error"]),
  /** null when the state was unknown: there is nowhere safe to send the browser */
  returnTo: z.string().nullable(),
  connectionId: z.string().nullable(),
  platform: Platform,
  /** on error: a short code (`access_denied`, `invalid_state`, `expired_state`, `exchange_failed`, …) */
  errorCode: z.string().nullable(),
  /** on error: what a person should know */
  message: z.string(),
});
export type OAuthOutcome = z.infer<typeof OAuthOutcome>;

export const CompleteOAuth = defineRpc({
  service: "oauth",
  verb: "complete",
  request: z.object({
    platform: Platform,
    state: z.string().min(1),
    code: z.string().optional(),
    /** the platform's error parameters, when the user denied or the platform failed */
    error: z.string().optional(),
    errorDescription: z.string().optional(),
    /** when the callback arrives with a tenant's credentials, the state must belong to that tenant */
    expectedTenantId: z.string().optional(),
  }),
  response: OAuthOutcome,
  defaultTimeoutMs: 45_000,
});
