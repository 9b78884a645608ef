export * from "./metrics";
export * from "./oauth";
export * from "./token";
