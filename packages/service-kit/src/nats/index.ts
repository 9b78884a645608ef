export * from "./connect-nats";
export * from "./ensure-streams";
export * from "./nats-credentials";
