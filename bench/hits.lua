-- hits.lua: the soak's mix (one write in twelve requests, every write a
-- progress update of BENCH_WRITE_BODY) with the cache's answer counted per
-- kind of read: the replies about another body (BENCH_BODY: its JSON, its
-- record, its readiness, its public page) and the lists across bodies.
-- A list computed from rows kept across writes (X-Rows-Read: "read/all")
-- adds to list_rows_read: the rows read again of the rows it lists.
-- Run with one connection per thread (wrk -tN -cN): each response then
-- follows its own request, so it is counted under the path that asked.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  token = os.getenv("BENCH_TOKEN") or ""
  body = os.getenv("BENCH_BODY") or "met"
  write_body = os.getenv("BENCH_WRITE_BODY") or "kent"
  n = 0
  last = nil
  body_hits, body_reads, list_hits, list_reads, writes, bad = 0, 0, 0, 0, 0, 0
  rows_read, rows_listed = 0, 0
  post_body = string.format('{"body":"%s","submitted_on":"2025-06-01","author":"hits","text":"Hit-ratio progress update"}',
                            write_body)
  reads = {{"/api/v1/bodies/" .. body, true, true}, {"/bodies/" .. body, true, false},
           {"/api/v1/bodies/" .. body .. "/record", true, true}, {"/api/v1/bodies/" .. body .. "/readiness", true, true},
           {"/api/v1/bodies", false, true}, {"/api/v1/deadlines", false, true}}
end

function request()
  n = n + 1
  if n % 12 == 0 then
    last = "write"
    return wrk.format("POST", "/api/v1/progress-updates",
                      {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, post_body)
  end
  local r = reads[(n % #reads) + 1]
  last = r
  -- the public page is read anonymously (pages are cached for visitors)
  local h = r[3] and {["Authorization"] = "Bearer " .. token} or {}
  return wrk.format("GET", r[1], h)
end

function response(status, headers, body)
  if last == "write" then
    if status == 201 then writes = writes + 1 else bad = bad + 1 end
    return
  end
  if status ~= 200 then bad = bad + 1; return end
  local hit = headers["X-Cache"] == "hit" and 1 or 0
  if last[2] then body_reads = body_reads + 1; body_hits = body_hits + hit
  else
    list_reads = list_reads + 1; list_hits = list_hits + hit
    -- a list made from rows kept across writes says how many it read again
    local a, b = string.match(headers["X-Rows-Read"] or "", "^(%d+)/(%d+)$")
    if a then rows_read = rows_read + tonumber(a); rows_listed = rows_listed + tonumber(b) end
  end
end

function done(summary, latency, requests)
  local bh, br, lh, lr, w, b, rr, rl = 0, 0, 0, 0, 0, 0, 0, 0
  for _, t in ipairs(threads) do
    bh = bh + t:get("body_hits"); br = br + t:get("body_reads")
    lh = lh + t:get("list_hits"); lr = lr + t:get("list_reads")
    w = w + t:get("writes"); b = b + t:get("bad")
    rr = rr + t:get("rows_read"); rl = rl + t:get("rows_listed")
  end
  io.write(string.format("HITS other_body=%d/%d lists=%d/%d writes=%d unexpected=%d list_rows_read=%d/%d requests=%d seconds=%.1f\n",
                          bh, br, lh, lr, w, b, rr, rl, summary.requests, summary.duration / 1e6))
end
