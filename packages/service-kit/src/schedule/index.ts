export * from "./run-periodically";
