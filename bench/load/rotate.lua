-- wrk script of `make bench-load`: each thread walks the rotating query set
-- (bench/load/queries.txt) from its own offset. No response() callback: it
-- would make wrk copy every body into Lua, taking CPU from the server on a
-- small machine; wrk counts statuses outside 2xx/3xx itself (errors.status).
-- done() prints one RESULT line. With FIXED_PATH set, every request asks
-- for that path instead.
local queries = {}
local file = os.getenv("QUERIES") or "bench/load/queries.txt"
for line in io.lines(file) do
  if line ~= "" and line:sub(1, 1) ~= "#" then queries[#queries + 1] = "/api/search?" .. line end
end
if os.getenv("FIXED_PATH") then queries = { os.getenv("FIXED_PATH") } end

local threads = {}
function setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

local i = 0
function init(args)
  i = id * 7
end

function request()
  i = i + 1
  return wrk.format("GET", queries[(i % #queries) + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d rps=%.0f p50_us=%d p99_us=%d failed=%d socket_errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50),
    latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
