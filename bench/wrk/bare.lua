wrk.method = "GET"
wrk.path = "/v1/secret/data/bench/read"
