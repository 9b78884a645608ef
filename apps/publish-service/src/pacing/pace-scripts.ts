/**
 * The pacing primitives as Redis scripts, atomic per account key, timed by the Redis server's clock so every
 * process agrees. Each answers 0 when the caller may go now, else the milliseconds to wait.
 */

/** Sliding window. KEYS[1] sorted set of members by time; ARGV: limit, windowMs, member. */
export const slidingWindowScript = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZSCORE', KEYS[1], ARGV[3]) then return 0 end
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`;

/** Counter per UTC day. KEYS[1] set of members for that day; ARGV: limit, member, msUntilNextDay. */
export const dailyCounterScript = `
if redis.call('SISMEMBER', KEYS[1], ARGV[2]) == 1 then return 0 end
if redis.call('SCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SADD', KEYS[1], ARGV[2])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) + 3600000)
  return 0
end
return math.max(1, tonumber(ARGV[3]))
`;

/** Semaphore with expiring holders. KEYS[1] sorted set of members by expiry; ARGV: limit, member, ttlMs, retryMs. */
export const semaphoreScript = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[2]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
  return 0
end
return tonumber(ARGV[4])
`;
