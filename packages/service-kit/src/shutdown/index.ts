export * from "./create-shutdown";
