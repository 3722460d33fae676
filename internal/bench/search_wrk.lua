-- wrk -s internal/bench/search_wrk.lua URL -- QUERIES PATH HEADER
-- Each request asks PATH?q=<next query of the file QUERIES>, with HEADER
-- ("Cookie: dv_session=…" or "Authorization: Bearer …"); each thread starts
-- at its own place in the list.
local queries, path, header = {}, "/tim-kiem/goi-y", nil
local i = 0

local function encode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then queries[#queries + 1] = encode(line) end
  end
  path = args[2] or path
  local h = args[3]
  if h then
    local k, v = h:match("^([^:]+):%s*(.*)$")
    wrk.headers[k] = v
  end
  i = math.random(#queries)
end

function request()
  i = i % #queries + 1
  return wrk.format("GET", path .. "?q=" .. queries[i])
end

function done(summary, latency, requests)
  io.write(string.format("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms; non-2xx %d\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status))
end
