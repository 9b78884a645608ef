export * from "./service-connectors";
export * from "./start-service";
export * from "./trace-propagation";
