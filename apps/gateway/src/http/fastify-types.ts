import type { AuthMode, Principal } from "../auth/principal";

/** A registered route as the gateway knows it (tests walk it: every protected route must answer 401). */
export interface RouteEntry {
  method: string;
  url: string;
  auth: AuthMode;
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** who may call the route; `/api/*` routes without it require a tenant */
    auth?: AuthMode;
  }
  interface FastifyRequest {
    /** set by the authentication hook; null on public routes */
    principal: Principal | null;
  }
  interface FastifyInstance {
    /** every route registered on the gateway, in registration order */
    routeCatalog: readonly RouteEntry[];
  }
}
