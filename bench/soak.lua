-- soak.lua: wrk's mixed load for bench/soak: reads of the public and staff
-- endpoints and pages, POSTed progress updates (each 201 counted), and PATCHes
-- with a stale If-Match (412 expected: the conflict path under load).
-- Writes go to BENCH_WRITE_BODY, not to the body that is read, so that the
-- replies read stay the same size and memory must level off.
-- Environment: BENCH_TOKEN, BENCH_PATCH_ID, BENCH_BODY, BENCH_WRITE_BODY, BENCH_AUTHOR, BENCH_IDS (each
-- thread appends the id of every 201 reply to BENCH_IDS.<thread>, one a line,
-- for bench/soak to find in the database).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function init(args)
  token = os.getenv("BENCH_TOKEN") or ""
  body = os.getenv("BENCH_BODY") or "met"
  write_body = os.getenv("BENCH_WRITE_BODY") or body
  patch_id = os.getenv("BENCH_PATCH_ID") or "1"
  author = os.getenv("BENCH_AUTHOR") or "soak"
  n = 0
  local ids = os.getenv("BENCH_IDS")
  idfile = ids and io.open(ids .. "." .. tostring(tid), "w") or nil
  created, errors, other, ok = 0, 0, 0, 0
  post_body = string.format('{"body":"%s","submitted_on":"2025-06-01","author":"%s","text":"Soak test progress update"}',
                            write_body, author)
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
    return wrk.format("PATCH", "/api/v1/progress-updates/" .. patch_id, h, '{"text":"never applied"}')
  end
  return wrk.format("GET", reads[(n % #reads) + 1], h)
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
    local id = body and body:match('"id"%s*:%s*(%d+)')
    if idfile and id then idfile:write(id, "\n"); idfile:flush() end
  elseif status >= 500 then errors = errors + 1
  elseif status == 200 or status == 412 then ok = ok + 1
  else
    other = other + 1
    if other_statuses == nil then other_statuses = "" end
    if other <= 5 then
      other_statuses = other_statuses .. " " .. tostring(status) .. " " .. string.sub(body or "", 1, 160):gsub("%s+", " ")
    end
  end
end

function done(summary, latency, requests)
  local c, e, o, k, seen = 0, 0, 0, 0, ""
  for _, t in ipairs(threads) do
    c = c + t:get("created"); e = e + t:get("errors"); o = o + t:get("other"); k = k + t:get("ok")
    seen = seen .. (t:get("other_statuses") or "")
  end
  io.write(string.format("SOAK created=%d ok=%d errors5xx=%d other=%d\n", c, k, e, o))
  if o > 0 then io.write("SOAK unexpected statuses (first of each thread):" .. seen .. "\n") end
end
