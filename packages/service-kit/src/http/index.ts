export * from "./create-http-server";
export * from "./create-internal-server";
export * from "./map-error";
export * from "./request-id";
export * from "./run-readiness-checks";
export * from "./send-problem";
