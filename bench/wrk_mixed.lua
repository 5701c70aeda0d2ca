-- wrk script of bench/rest_latency.py's "mixed" case: of every 10 requests,
-- 8 list threads (GET /api/v1/threads) and 2 start one (POST /api/v1/threads).
-- The Authorization header comes from wrk's -H option (wrk.headers).
local counter = 0
local list_path = "/api/v1/threads"
local post_headers = nil

local function with_json(headers)
   local merged = {}
   for name, value in pairs(headers) do merged[name] = value end
   merged["Content-Type"] = "application/json"
   return merged
end

request = function()
   counter = counter + 1
   if counter % 10 < 2 then
      local body = string.format(
         '{"title":"Load thread %d","founding_intent":"Measured under load","sphere_id":"personal","tags":["bench"]}',
         counter)
      post_headers = post_headers or with_json(wrk.headers)
      return wrk.format("POST", list_path, post_headers, body)
   end
   return wrk.format("GET", list_path)
end
