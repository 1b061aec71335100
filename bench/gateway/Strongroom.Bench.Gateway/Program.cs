// A fake OpenAI provider for the gateway benchmark: POST /v1/chat/completions answers a fixed,
// realistic non-streaming chat completion (with usage) when the Authorization header carries the
// key from BENCH_UPSTREAM_KEY, else OpenAI's 401. Usage: Strongroom.Bench.Gateway <port>
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

var port = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
var expected = Encoding.UTF8.GetBytes("Bearer " + (Environment.GetEnvironmentVariable("BENCH_UPSTREAM_KEY") ?? throw new InvalidOperationException("BENCH_UPSTREAM_KEY is not set")));
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k =>
{
    k.AddServerHeader = false;
    k.ListenLocalhost(port);
});
var app = builder.Build();
var ok = """{"id":"chatcmpl-bench","object":"chat.completion","created":1764000000,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Hello! How can I help you today? This is a fixed answer from the benchmark's fake upstream.","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":21,"total_tokens":33},"system_fingerprint":"fp_bench"}"""u8.ToArray();
var denied = """{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"""u8.ToArray();
app.MapPost("/v1/chat/completions", async (HttpContext http) =>
{
    // Drain the request body like a real server would.
    var buffer = new byte[8192];
    while (await http.Request.Body.ReadAsync(buffer) > 0)
    {
    }

    var auth = Encoding.UTF8.GetBytes(http.Request.Headers.Authorization.ToString());
    var good = CryptographicOperations.FixedTimeEquals(auth, expected);
    http.Response.StatusCode = good ? 200 : 401;
    http.Response.ContentType = "application/json";
    http.Response.Headers["x-request-id"] = "req_bench";
    await http.Response.Body.WriteAsync(good ? ok : denied);
});
await app.RunAsync();
