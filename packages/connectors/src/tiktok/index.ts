export { type ChunkPlan, planChunks } from "./chunk-plan";
export {
  chunkRules,
  defaultTikTokScopes,
  defaultTikTokSettings,
  type TikTokConfig,
} from "./config";
export { createTikTokConnector, tiktokCapabilities } from "./connector";
export type { TikTokAccountOptions } from "./creator-info";
export { privacyLevels, TikTokPostOptions } from "./post-options";
export { publishKeys as tiktokPublishKeys } from "./publish-progress";
