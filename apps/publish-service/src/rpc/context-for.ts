import type { Logger } from "@postd/telemetry";
import type { PublishContext } from "../context";

/** The service's context with the request's child logger. */
export type ContextFor = (logger: Logger) => PublishContext;
