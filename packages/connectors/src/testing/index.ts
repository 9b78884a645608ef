// Helpers for tests and demos that connect accounts against platform-sim (`@postd/connectors/testing`).
export * from "./connect-via-sim";
