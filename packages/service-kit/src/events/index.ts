export { type ConsumeEventsOptions, consumeEvents, type EventConsumer } from "./consume-events";
export type { EventHandler, EventHandlerContext } from "./handle-event-message";
export { matchEvent } from "./match-event";
