export * from "./base-service-config";
export * from "./env-helpers";
export { type EnvValueOptions, envValue, type ParsedEnv, redactUrlCredentials } from "./env-value";
export * from "./load-config";
export * from "./time-scale";
