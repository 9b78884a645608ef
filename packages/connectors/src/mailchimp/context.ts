import type { ConnectorDeps } from "../core/index";
import type { MailchimpConfig } from "./config";

/** What every Mailchimp verb is handed: the app config (defaults applied) and the shared deps. */
export interface MailchimpContext {
  config: Required<MailchimpConfig>;
  deps: ConnectorDeps;
}
