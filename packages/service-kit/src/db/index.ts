export * from "./create-database";
export * from "./run-migrations";
export { assertSchemaName, searchPathFor } from "./schema-name";
export * from "./unavailable-error";
export * from "./with-transaction";
