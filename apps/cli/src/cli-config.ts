import { envString, envUrl } from "@postd/service-kit";
import { z } from "zod";

/** The CLI's environment, read once in main.ts (the root `.env` is not loaded: export the variables). */
export const CliConfig = z.object({
  // The gateway the admin commands talk to.
  POSTD_API_URL: envUrl({ protocols: ["http", "https"], default: "http://127.0.0.1:3000" }),
  // The gateway's admin key; only the commands that call /api/admin/* need it.
  ADMIN_API_KEY: envString().optional(),
  // A tenant's API key: the commands that act as a tenant (dead-letters:*) and `health` (which also takes the
  // admin key) send it to the gateway.
  POSTD_API_KEY: envString().optional(),
  // Postgres, for db:migrate and db:health (every service's schema lives in this one database).
  DATABASE_URL: envUrl({
    protocols: ["postgres", "postgresql"],
    default: "postgres://postgres@127.0.0.1:5432/postd",
  }),
  // NATS, for the commands that call a service directly (vault:*).
  NATS_URL: envUrl({ protocols: ["nats", "tls", "ws", "wss"], default: "nats://127.0.0.1:4222" }),
  NATS_PREFIX: envString({
    pattern: /^[a-z0-9_]*$/,
    expected: "lower-case letters, digits and _ (no dots)",
    default: "",
  }),
});
export type CliConfig = z.infer<typeof CliConfig>;
