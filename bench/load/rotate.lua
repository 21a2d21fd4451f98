-- wrk script of `make bench-load`: each connection walks the rotating query
-- set (bench/load/queries.txt) from its own offset; any status but 200
-- counts as a failure. done() prints one RESULT line.
local queries = {}
local file = os.getenv("QUERIES") or "bench/load/queries.txt"
for line in io.lines(file) do
  if line ~= "" and line:sub(1, 1) ~= "#" then queries[#queries + 1] = "/api/search?" .. line end
end

local threads = {}
function setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

i, failed = 0, 0  -- globals: done() reads them with thread:get
function init(args)
  i = id * 7
end

function request()
  i = i + 1
  return wrk.format("GET", queries[(i % #queries) + 1])
end

function response(status, headers, body)
  if status ~= 200 then failed = failed + 1 end
end

function done(summary, latency, requests)
  local failures = 0
  for _, t in ipairs(threads) do failures = failures + t:get("failed") end
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  io.write(string.format("RESULT requests=%d rps=%.0f p50_us=%d p99_us=%d failed=%d socket_errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50),
    latency:percentile(99), failures, socket_errors))
end
