"""The bucket arithmetic of `BucketState`, in Lua, so Redis applies it atomically on its clock.

Each script reads Redis' `TIME`, never a host clock, so processes on hosts whose
clocks disagree still share one bucket. KEYS[1] is the bucket hash, KEYS[2] the
daily block (a plain key whose TTL is the block). Numbers come back as strings:
Redis would truncate a Lua number to an integer.

One addition to `BucketState`: the shared bucket also counts its grants per window the
way the server does (a window opens with the first send after the last one closed) and
grants at most `capacity` per window. In one process, `max_in_flight` <= the reserve
absorbs the requests already in flight when a low `X-RateLimit-Remaining` arrives; N
processes have N times as many in flight, so the window count has to hold them back.
"""

from __future__ import annotations

from ._ratelimit import MIN_RATE, PENALTY, RECOVERY_STEP, WINDOW_MARGIN

__all__ = ["APPLY", "GIVE_BACK", "TAKE"]

_PRELUDE = f"""
local PENALTY, MIN_RATE, STEP = {PENALTY!r}, {MIN_RATE!r}, {RECOVERY_STEP!r}
local MARGIN = {WINDOW_MARGIN!r}
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local f = redis.call('HMGET', KEYS[1], 'cap', 'max', 'iv', 'rate', 'tokens', 'updated', 'calm',
  'win', 'used')
local s = {{}}
if f[1] then
  s.cap, s.max, s.iv, s.rate = tonumber(f[1]), tonumber(f[2]), tonumber(f[3]), tonumber(f[4])
  s.tokens, s.updated, s.calm = tonumber(f[5]), tonumber(f[6]), tonumber(f[7])
  s.win, s.used = tonumber(f[8]) or 0, tonumber(f[9]) or 0
elseif ARGV[1] then
  s.cap, s.max, s.iv = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
  s.rate, s.tokens, s.updated, s.calm = s.max, s.cap, now, now
  s.win, s.used = 0, 0
else
  return '0'
end
if now > s.updated then
  s.tokens = math.min(s.cap, s.tokens + (now - s.updated) * s.rate)
  s.updated = now
end
local function recover()
  if now - s.calm >= s.iv and s.rate < s.max then
    s.rate = math.min(s.max, s.rate + STEP * s.max)
    s.calm = now
  end
end
local function save()
  redis.call('HSET', KEYS[1], 'cap', s.cap, 'max', s.max, 'iv', s.iv, 'rate', s.rate,
    'tokens', s.tokens, 'updated', s.updated, 'calm', s.calm, 'win', s.win, 'used', s.used)
  -- An idle bucket is forgotten: it would be full again anyway.
  local ttl = math.ceil((math.max(0, s.updated - now) + math.max(60, 3 * s.iv)) * 1000)
  redis.call('PEXPIRE', KEYS[1], ttl)
end
"""

# ARGV: capacity, rate, interval (used only by a new bucket), n. Reserves n tokens in
# turn (the concurrent takes of one process, sent together) and returns their waits, or
# {-1} (nothing reserved) while the daily quota is spent.
TAKE = (
    "if redis.call('EXISTS', KEYS[2]) == 1 then return {'-1'} end\n"
    + _PRELUDE
    + """
-- Recovery happens here too: plain answers (no hold, no 429) are never written.
recover()
local waits = {}
for i = 1, tonumber(ARGV[4]) do
  s.tokens = s.tokens - 1
  local debt = math.max(0, -s.tokens)
  local due = math.max(s.updated, now) + debt / s.rate
  -- Our window ends a little after the server's could (its clock starts on arrival).
  local close = s.win + s.iv + math.min(MARGIN * s.iv, 0.25)
  if due >= close then
    s.win, s.used = due, 1
  elseif s.used >= s.cap then
    due = close
    s.win, s.used = due, 1
  else
    due = math.max(due, s.win)
    s.used = s.used + 1
  end
  waits[i] = tostring(due - now)
end
save()
return waits
"""
)

# No ARGV: an unknown bucket stays unknown.
GIVE_BACK = (
    _PRELUDE
    + """
s.tokens = math.min(s.cap, s.tokens + 1)
s.used = math.max(0, s.used - 1)
save()
return '1'
"""
)

# ARGV: capacity, rate, interval, penalize (0/1), hold seconds from now (-1: none),
# daily (-1: no news, 0: clear the block, > 0: block for that many seconds).
APPLY = (
    _PRELUDE
    + """
local cap, rate, iv = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
if cap ~= s.cap or rate ~= s.max or iv ~= s.iv then
  -- An unpenalised bucket follows the server's rate; a penalised one stays below it.
  if s.rate >= s.max then s.rate = rate else s.rate = math.min(s.rate, rate) end
  s.cap, s.max, s.iv = cap, rate, iv
  s.tokens = math.min(s.tokens, s.cap)
end
if ARGV[4] == '1' then
  s.rate = math.max(math.min(MIN_RATE, s.max), s.rate * PENALTY)
  s.calm = now
else
  recover()
end
local hold = tonumber(ARGV[5])
if hold >= 0 and now + hold > s.updated then
  -- The server's window restarts full when the hold ends; handed-out reservations count.
  s.tokens = s.cap + math.min(s.tokens, 0)
  s.updated = now + hold
end
local daily = tonumber(ARGV[6])
if daily > 0 then
  redis.call('SET', KEYS[2], '1', 'PX', math.ceil(daily * 1000))
elseif daily == 0 then
  redis.call('DEL', KEYS[2])
end
save()
return '1'
"""
)
