export { buildGatewayApp, type GatewayAppConfig, type GatewayAppDeps } from "./app";
export { Config } from "./config";
export type { FlagView, GatewayFlags } from "./flags/gateway-flags";
export { type RunningGateway, type StartGatewayOptions, startGateway } from "./service";
