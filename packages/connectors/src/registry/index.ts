export * from "./connector-env";
export * from "./connector-registry";
export * from "./connectors-config";
