export { buildSimApp, type SimApp, type SimAppOptions } from "./app";
export { simMediaHost } from "./core/media-host";
export type {
  BuiltWebhook,
  SimContext,
  SimPlatformFactory,
  SimPlatformModule,
  WebhookFireRequest,
} from "./core/platform-module";
export type { FaultAction, FaultRule } from "./state/fault-store";
export type { SimPost } from "./state/post-store";
