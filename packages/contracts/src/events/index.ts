export * from "./connection";
export * from "./post";
export * from "./webhook";
