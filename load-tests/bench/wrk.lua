-- wrk script of load-tests/bench/run: request headers from the environment (never on a command line),
-- and one JSON summary line at the end (latencies in microseconds). "non2xx" is wrk's own count of answers with a
-- status of 400 or more (summary.errors.status; no contestant answers 1xx or 3xx): counting every status in a
-- response() function would make wrk hand each answer's headers and body to Lua, costing the client CPU.
--   BENCH_HEADERS   "Name: value" lines added to every request
--   BENCH_CITIZENS  when set (N): each request asks for another citizen, cycling over N distinct valid IDs
local headers = os.getenv("BENCH_HEADERS") or ""
for line in string.gmatch(headers, "[^\n]+") do
  local name, value = string.match(line, "^([^:]+):%s*(.-)%s*$")
  if name then wrk.headers[name] = value end
end

local citizens = tonumber(os.getenv("BENCH_CITIZENS") or "")
local prefix = os.getenv("BENCH_PREFIX") or "/v1/linkage/persons/"
-- threads take turns: thread k of BENCH_THREADS asks for k, k + threads, ...
local stride = tonumber(os.getenv("BENCH_THREADS") or "1")
local counter = 0
local created = 0
offset = 0

function setup(thread)
  thread:set("offset", created)
  created = created + 1
end

-- 12 digits "3" + n, then the check digit of Thai citizen IDs
local function citizen(n)
  local first12 = string.format("3%011d", n)
  local sum = 0
  for i = 1, 12 do sum = sum + tonumber(string.sub(first12, i, i)) * (14 - i) end
  return first12 .. tostring((11 - sum % 11) % 10)
end

if citizens then
  function request()
    local n = (counter * stride + offset) % citizens
    counter = counter + 1
    return wrk.format(nil, prefix .. citizen(n))
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"seconds":%.3f,"rps":%.1f,"socketErrors":%d,"non2xx":%d,"timeouts":%d,' ..
    '"p50us":%d,"p90us":%d,"p99us":%d,"maxUs":%d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    e.connect + e.read + e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
