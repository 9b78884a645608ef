export { type RpcHandler, type RpcHandlerContext, rpcRequestIdHeader } from "./answer-request";
export { type DiscoveredService, type DiscoverServicesOptions, discoverServices } from "./discover-services";
export type { EndpointData } from "./endpoint-stats";
export { createRpcClient, type RpcCallOptions, type RpcClient, type RpcClientOptions } from "./rpc-client";
export { createRpcServer, type RpcServer, type RpcServerOptions } from "./rpc-server";
export type { TracePropagation, TraceSpanOptions } from "./trace-propagation";
