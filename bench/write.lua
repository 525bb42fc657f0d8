-- write.lua: wrk's write mix against `oversight serve` (bench/run, bench/soak).
-- Three requests in four POST a progress update (201 expected); one in four
-- PATCHes a progress update with If-Match "v1". Each thread patches its own
-- rows (ids BENCH_PATCH_FIRST + thread + k * threads), each once, so every
-- PATCH of a row still at version 1 gets 200; with BENCH_PATCH_FIRST=0 the
-- PATCHes go to row 1 again and again and get 412 (the conflict path).
-- Environment: BENCH_TOKEN, BENCH_BODY (code), BENCH_PATCH_FIRST, BENCH_THREADS,
-- BENCH_AUTHOR (marks the rows this run added, to count them afterwards).
local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  token = os.getenv("BENCH_TOKEN") or ""
  body = os.getenv("BENCH_BODY") or "met"
  author = os.getenv("BENCH_AUTHOR") or "bench"
  patch_first = tonumber(os.getenv("BENCH_PATCH_FIRST") or "0")
  nthreads = tonumber(os.getenv("BENCH_THREADS") or "2")
  n, k = 0, 0
  created, patched, conflicts, errors, other = 0, 0, 0, 0, 0
  post_body = string.format('{"body":"%s","submitted_on":"2025-06-01","author":"%s","text":"Progress noted by the load test"}',
                            body, author)
end

function request()
  n = n + 1
  local h = {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}
  if n % 4 ~= 0 then
    return wrk.format("POST", "/api/v1/progress-updates", h, post_body)
  end
  local id = 1
  if patch_first > 0 then
    id = patch_first + tid + k * nthreads
    k = k + 1
  end
  h["If-Match"] = '"v1"'
  return wrk.format("PATCH", "/api/v1/progress-updates/" .. id, h, '{"text":"Revised by the load test"}')
end

function response(status, headers, body)
  if status == 201 then created = created + 1
  elseif status == 200 then patched = patched + 1
  elseif status == 412 then conflicts = conflicts + 1
  elseif status >= 500 then errors = errors + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local c, p, x, e, o = 0, 0, 0, 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created"); p = p + t:get("patched"); x = x + t:get("conflicts")
    e = e + t:get("errors"); o = o + t:get("other")
  end
  io.write(string.format("WRITES created=%d patched=%d conflicts=%d errors5xx=%d other=%d\n", c, p, x, e, o))
end
