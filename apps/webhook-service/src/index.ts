export { Config } from "./config";
export type { ResolvedAddress, Resolver } from "./outbound/outbound-policy";
export {
  type StartWebhookServiceOptions,
  startWebhookService,
  type WebhookService,
} from "./service";
export { signatureOf, webhookHeaders } from "./signing/sign-delivery";
