-- POST auth/approle/login with a role_id/secret_id pair from the environment (secret_id_num_uses=0).
wrk.method = "POST"
wrk.path = "/v1/auth/approle/login"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"role_id":"' .. os.getenv("BENCH_ROLE_ID") .. '","secret_id":"' .. os.getenv("BENCH_SECRET_ID") .. '"}'
