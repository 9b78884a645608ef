export { buildSimApp, type SimApp, type SimAppOptions } from "./app";
export { simMediaHost } from "./core/media-host";
export type {
  BuiltWebhook,
  SimContext,
  SimPlatformFactory,
  SimPlatformModule,
  WebhookFireRequest,
} from "./core/platform-module";
// Test helpers of individual emulators (expected numbers, markers, endpoint validation).
export { immediateRejectMarker, simMetricValue } from "./platforms/gbp/index";
export {
  allPlatforms,
  createGbpSim,
  createLinkedInSim,
  createMailchimpSim,
  createMetaSim,
  createTikTokSim,
} from "./platforms/index";
export { simPostStatistics, validateLinkedInWebhookEndpoint } from "./platforms/linkedin/index";
export type { FaultAction, FaultRule } from "./state/fault-store";
export type { SimPost } from "./state/post-store";
