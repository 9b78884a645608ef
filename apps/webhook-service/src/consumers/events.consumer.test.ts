import { WebhookEventType } from "@postd/contracts";
import { describe, expect, it } from "vitest";
import { deliverableEvents } from "./events.consumer";

describe("deliverable events", () => {
  it("are exactly the subjects tenants can subscribe to", () => {
    expect(deliverableEvents.map((event) => event.subject).sort()).toEqual(
      [...WebhookEventType.options].sort(),
    );
  });
});
