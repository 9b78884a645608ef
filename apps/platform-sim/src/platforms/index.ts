import type { SimPlatformFactory } from "../core/platform-module";
import { createGbpSim } from "./gbp/index";
import { createLinkedInSim } from "./linkedin/index";
import { createMailchimpSim } from "./mailchimp/index";
import { createMetaSim } from "./meta/index";
import { createTikTokSim } from "./tiktok/index";

export { createGbpSim, createLinkedInSim, createMailchimpSim, createMetaSim, createTikTokSim };

/** Every emulated platform; each module lives in its own folder. */
export const allPlatforms: readonly SimPlatformFactory[] = [
  createMetaSim,
  createLinkedInSim,
  createTikTokSim,
  createGbpSim,
  createMailchimpSim,
];
