-- query.lua -- a wrk script: GET one SPARQL query (environment variable
-- KG_BENCH_QUERY) from the endpoint as CSV, and report requests/s, p50
-- and p99 latency and the error count on one line.
-- Usage: KG_BENCH_QUERY='SELECT ...' wrk -s query.lua URL/sparql
-- SPDX-License-Identifier: MIT

local function urlencode(s)
    return (s:gsub("[^%w%-%._~]", function(c)
        return string.format("%%%02X", string.byte(c))
    end))
end

local query = os.getenv("KG_BENCH_QUERY")
assert(query, "set KG_BENCH_QUERY")

init = function(args)
    local base = wrk.path
    if base:sub(-1) == "/" then base = base .. "sparql" end
    wrk.path = base .. "?query=" .. urlencode(query)
    wrk.headers["Accept"] = "text/csv"
end

done = function(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        "RESULT requests/s %.1f p50_ms %.3f p99_ms %.3f requests %d errors %d\n",
        summary.requests / (summary.duration / 1e6),
        latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        summary.requests,
        e.connect + e.read + e.write + e.status + e.timeout))
end
