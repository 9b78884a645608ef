export * from "./connect-nats";
export * from "./ensure-streams";
