export { freePort } from "./free-port";
export {
  belongsToNamespace,
  createNatsNamespace,
  natsConnectOptions,
  type TestNatsNamespace,
} from "./nats-namespace";
export * from "./platform-sim/start-platform-sim";
export { isGroupAlive, isProcessAlive } from "./process/process-table";
export type { ExitStatus, SpawnedService, SpawnServiceOptions } from "./process/spawn-service";
export { spawnService } from "./process/spawn-service";
export { randomToken } from "./random-token";
export { createRedisNamespace, type RedisNamespace } from "./redis-namespace";
export { type PrivateNatsOptions, startPrivateNats } from "./servers/private-nats";
export {
  type PrivatePostgres,
  type PrivatePostgresOptions,
  startPrivatePostgres,
} from "./servers/private-postgres";
export { type PrivateRedisOptions, startPrivateRedis } from "./servers/private-redis";
export type { PrivateServer } from "./servers/private-server";
export { sharedServers } from "./shared-servers";
export { type RunningSystem, type StartSystemOptions, startSystem } from "./system/start-system";
export { type SystemService, systemEnv, systemServices } from "./system/system-env";
export { type CreateTestDatabaseOptions, createTestDatabase, type TestDatabase } from "./test-database";
export { type WaitUntilOptions, waitUntil } from "./wait-until";
