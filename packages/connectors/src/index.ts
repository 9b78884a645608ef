export * from "./core/index";
export * from "./gbp/index";
export * from "./linkedin/index";
export * from "./mailchimp/index";
export * from "./meta/index";
export * from "./registry/index";
export * from "./tiktok/index";
