/** Where the three servers are when nothing says otherwise: the ports of docker-compose.yml on loopback. */
export const localDefaults = {
  DATABASE_URL: "postgres://postgres@127.0.0.1:5432/postd",
  REDIS_URL: "redis://127.0.0.1:6379",
  NATS_URL: "nats://127.0.0.1:4222",
} as const;

export interface InfraUrls {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly natsUrl: string;
}

export function infraUrls(env: Readonly<Record<string, string | undefined>>): InfraUrls {
  return {
    databaseUrl: env.DATABASE_URL || localDefaults.DATABASE_URL,
    redisUrl: env.REDIS_URL || localDefaults.REDIS_URL,
    // NATS_URL may list several servers; the first one is checked
    natsUrl: (env.NATS_URL || localDefaults.NATS_URL).split(",")[0]?.trim() || localDefaults.NATS_URL,
  };
}

/** The defaults filled in where the environment has no value, so the apps see what the checks saw. */
export function withInfraDefaults(env: Readonly<Record<string, string>>): Record<string, string> {
  return { ...localDefaults, ...Object.fromEntries(Object.entries(env).filter(([, value]) => value !== "")) };
}

export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

/** Host and port of a URL, for messages (never the credentials) and for connecting. */
export function endpointOf(url: string, defaultPort: number): Endpoint {
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1") || "127.0.0.1";
  return { host, port: parsed.port ? Number(parsed.port) : defaultPort };
}

export function describeEndpoint(endpoint: Endpoint): string {
  return endpoint.host.includes(":")
    ? `[${endpoint.host}]:${endpoint.port}`
    : `${endpoint.host}:${endpoint.port}`;
}

/** Whether the URL names this machine, i.e. a server docker compose could provide. */
export function isLoopback(endpoint: Endpoint): boolean {
  return ["127.0.0.1", "localhost", "::1"].includes(endpoint.host);
}
