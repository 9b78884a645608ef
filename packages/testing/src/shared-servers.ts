/**
 * Where the shared servers are. Tests never stop, flush or wipe these: they only create and remove what carries
 * their own random name or prefix.
 */
export const sharedServers = {
  /** a superuser connection to a maintenance database, used to create and drop test databases */
  postgresAdminUrl: (): string =>
    process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
  redisUrl: (): string => process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
  natsUrl: (): string => process.env.TEST_NATS_URL ?? "nats://127.0.0.1:4222",
};
