-- soak.lua: wrk's mixed load for bench/soak: reads of the public and staff
-- endpoints and pages, POSTed progress updates (each 201 counted), and PATCHes
-- with a stale If-Match (412 expected: the conflict path under load).
-- Environment: BENCH_TOKEN, BENCH_BODY, BENCH_AUTHOR.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  token = os.getenv("BENCH_TOKEN") or ""
  body = os.getenv("BENCH_BODY") or "met"
  author = os.getenv("BENCH_AUTHOR") or "soak"
  n = 0
  created, errors, other, ok = 0, 0, 0, 0
  post_body = string.format('{"body":"%s","submitted_on":"2025-06-01","author":"%s","text":"Soak test progress update"}',
                            body, author)
  reads = {"/api/v1/bodies", "/api/v1/bodies/" .. body, "/bodies/" .. body, "/api/v1/bodies/" .. body .. "/record",
           "/api/v1/bodies/" .. body .. "/readiness", "/api/v1/deadlines", "/", "/engage", "/api/v1/recommendations?body=" .. body}
end

function request()
  n = n + 1
  local h = {["Authorization"] = "Bearer " .. token}
  local slot = n % 12
  if slot == 0 then
    h["Content-Type"] = "application/json"
    return wrk.format("POST", "/api/v1/progress-updates", h, post_body)
  elseif slot == 6 then
    h["Content-Type"] = "application/json"
    h["If-Match"] = '"v999999"'
    return wrk.format("PATCH", "/api/v1/progress-updates/1", h, '{"text":"never applied"}')
  end
  return wrk.format("GET", reads[(n % #reads) + 1], h)
end

function response(status, headers, body)
  if status == 201 then created = created + 1
  elseif status >= 500 then errors = errors + 1
  elseif status == 200 or status == 412 then ok = ok + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local c, e, o, k = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created"); e = e + t:get("errors"); o = o + t:get("other"); k = k + t:get("ok")
  end
  io.write(string.format("SOAK created=%d ok=%d errors5xx=%d other=%d\n", c, k, e, o))
end
