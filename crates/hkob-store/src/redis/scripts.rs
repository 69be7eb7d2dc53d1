//! The Lua scripts that make each operation atomic in Redis.
//!
//! Each one touches the keys of one collection only (one hash slot, see
//! [`layout`](super::layout)), declared in `KEYS`. Deadlines in the index are computed from
//! Redis's own clock (`TIME`), so the fleet's clocks need not agree. A ttl argument is a
//! number of milliseconds, or an empty string for none.

use redis::Script;

/// `now`: Redis's clock in Unix milliseconds; `write(value)`: writes KEYS[1] and indexes
/// ARGV[1] in KEYS[2] with the ttl in `ttl`.
macro_rules! with_write {
    ($body:literal) => {
        concat!(
            r"
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function write(value, ttl)
  if ttl == '' then
    redis.call('SET', KEYS[1], value)
    redis.call('ZADD', KEYS[2], '+inf', ARGV[1])
  else
    redis.call('SET', KEYS[1], value, 'PX', ttl)
    redis.call('ZADD', KEYS[2], now_ms() + tonumber(ttl), ARGV[1])
  end
end
",
            $body
        )
    };
}

/// The scripts, loaded once per backend (and again by the client after a server restart).
#[derive(Debug)]
pub(super) struct Scripts {
    /// KEYS: value, index. ARGV: id, value, ttl. Returns 1.
    pub(super) put: Script,
    /// KEYS: value, index. ARGV: id, value, ttl. Returns 1 if written, 0 if a value was there.
    pub(super) put_if_absent: Script,
    /// KEYS: value, index. ARGV: id. Returns the value removed, or nil.
    pub(super) take: Script,
    /// KEYS: value, index. ARGV: id, "1" if a value is expected (else "0"), the expected
    /// value, the new value, ttl. Returns 1 if swapped.
    pub(super) compare_and_swap: Script,
    /// KEYS: value, index. ARGV: id. Returns how many values were removed.
    pub(super) delete: Script,
    /// KEYS: index. Removes the ids whose deadline has passed; returns the live ids.
    pub(super) live_ids: Script,
    /// KEYS: counter. ARGV: window in milliseconds. Returns the new count.
    pub(super) count: Script,
}

impl Scripts {
    pub(super) fn new() -> Self {
        Self {
            put: Script::new(with_write!("write(ARGV[2], ARGV[3]) return 1")),
            put_if_absent: Script::new(with_write!(
                r"
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
write(ARGV[2], ARGV[3])
return 1"
            )),
            take: Script::new(
                r"
local value = redis.call('GET', KEYS[1])
if value then redis.call('DEL', KEYS[1]) end
redis.call('ZREM', KEYS[2], ARGV[1])
return value",
            ),
            compare_and_swap: Script::new(with_write!(
                r"
local current = redis.call('GET', KEYS[1])
if ARGV[2] == '0' then
  if current then return 0 end
elseif current ~= ARGV[3] then
  return 0
end
write(ARGV[4], ARGV[5])
return 1"
            )),
            delete: Script::new(
                r"
local removed = redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return removed",
            ),
            live_ids: Script::new(
                r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZRANGE', KEYS[1], 0, -1)",
            ),
            count: Script::new(
                r"
local count = redis.call('INCR', KEYS[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count",
            ),
        }
    }
}
