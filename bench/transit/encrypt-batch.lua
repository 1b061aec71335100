-- POST one transit encrypt with batch_input of 100 items (64-byte plaintexts each).
local items = {}
for i = 1, 100 do
  items[i] = '{"plaintext":"ZmFrZS1iZW5jaC1wbGFpbnRleHQtMDEyMzQ1Njc4OS0wMTIzNDU2Nzg5LTAxMjM0NTY3ODktMDEyMzQ1Njc4OQ=="}'
end
wrk.method = "POST"
wrk.headers["X-Vault-Token"] = os.getenv("BENCH_TOKEN")
wrk.headers["Content-Type"] = "application/json"
wrk.path = "/v1/transit/encrypt/bench"
wrk.body = '{"batch_input":[' .. table.concat(items, ",") .. ']}'
