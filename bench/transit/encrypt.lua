-- POST one transit encrypt of a 64-byte plaintext (generated here, obviously fake).
wrk.method = "POST"
wrk.headers["X-Vault-Token"] = os.getenv("BENCH_TOKEN")
wrk.headers["Content-Type"] = "application/json"
wrk.path = "/v1/transit/encrypt/bench"
-- base64 of 64 ASCII bytes "fake-bench-plaintext-...".
wrk.body = '{"plaintext":"ZmFrZS1iZW5jaC1wbGFpbnRleHQtMDEyMzQ1Njc4OS0wMTIzNDU2Nzg5LTAxMjM0NTY3ODktMDEyMzQ1Njc4OQ=="}'
