export { type CreateFlagsOptions, createFlags, type Flags } from "./create-flags";
export { evaluateFlag, rolloutBucket } from "./evaluate-flag";
export type { FlagChange, FlagChangeListener } from "./flag-cache";
export {
  blankFlagValue,
  defaultIntegrationFlagValue,
  FlagName,
  FlagValue,
  flagsBucketName,
  integrationFlagName,
  type StoredFlag,
} from "./flag-value";
