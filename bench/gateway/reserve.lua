-- The gateway's per-request server call alone: POST ai/gateway/reserve (reservations are never settled here).
wrk.method = "POST"
wrk.path = "/v1/ai/gateway/reserve"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Vault-Token"] = os.getenv("BENCH_TOKEN")
wrk.body = '{"api_key":"' .. os.getenv("BENCH_KEY") .. '","endpoint":"chat","model":"gpt-4o-mini","max_tokens":64,"prompt_tokens_estimate":42}'
