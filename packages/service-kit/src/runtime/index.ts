export * from "./start-service";
export * from "./trace-propagation";
