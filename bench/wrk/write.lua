-- POST a new kv-v2 version; each thread writes its own keys so writes do not collide.
local counter = 0
local thread_id = 0
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
function init(args)
  thread_id = id
end
request = function()
  counter = counter + 1
  local path = "/v1/secret/data/bench/w" .. thread_id .. "/k" .. (counter % 500)
  local body = '{"data":{"api_key":"bench-value-' .. counter .. '-not-a-real-key"}}'
  return wrk.format("POST", path, { ["X-Vault-Token"] = os.getenv("BENCH_TOKEN"), ["Content-Type"] = "application/json" }, body)
end
