import type { SimPlatformFactory } from "../core/platform-module";

/** Every emulated platform; each module lives in its own folder. */
export const allPlatforms: readonly SimPlatformFactory[] = [];
