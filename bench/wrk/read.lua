-- GET one kv-v2 secret with the token from the environment.
wrk.method = "GET"
wrk.headers["X-Vault-Token"] = os.getenv("BENCH_TOKEN")
wrk.path = "/v1/secret/data/bench/read"
