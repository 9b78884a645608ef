export * from "./health";
export * from "./metrics";
export * from "./oauth";
export * from "./publish";
export * from "./token";
export * from "./token-admin";
export * from "./token-webhook";
export * from "./webhooks";
