export * from "./drizzle-stores";
export * from "./vault-tables";
