import type { DatabaseOrTransaction, DrizzleDatabase, DrizzleTransaction } from "@postd/service-kit";
import type { Tables } from "./schema";

export type WebhookDatabase = DrizzleDatabase<Tables>;
export type WebhookTransaction = DrizzleTransaction<Tables>;
export type WebhookDatabaseOrTransaction = DatabaseOrTransaction<Tables>;
