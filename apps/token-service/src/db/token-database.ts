import type { DatabaseOrTransaction, DrizzleDatabase, DrizzleTransaction } from "@postd/service-kit";
import type { Tables } from "./schema";

export type TokenDatabase = DrizzleDatabase<Tables>;
export type TokenTransaction = DrizzleTransaction<Tables>;
export type TokenDatabaseOrTransaction = DatabaseOrTransaction<Tables>;
