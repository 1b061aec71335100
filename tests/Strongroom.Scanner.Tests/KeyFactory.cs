using System.Security.Cryptography;
using System.Text;
using Strongroom.Scanner.Detection;

namespace Strongroom.Scanner.Tests;

/// <summary>
/// Builds credential-shaped strings at run time from a prefix and random characters, so no real-looking key
/// is ever committed. Random parts that happen to contain a placeholder word ("here", "fake") are redrawn.
/// </summary>
internal static class KeyFactory
{
    public const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    public const string Lower = "abcdefghijklmnopqrstuvwxyz";
    public const string Digits = "0123456789";
    public const string Letters = Upper + Lower;
    public const string Alnum = Letters + Digits;
    public const string UrlSafe = Alnum + "-_";
    public const string Base64 = Alnum + "+/";
    public const string Hex = "0123456789abcdef";

    public static string R(string charset, int length)
    {
        while (true)
        {
            var value = RandomNumberGenerator.GetString(charset, length);
            if (!FalsePositiveFilter.IsPlaceholder(value))
            {
                return value;
            }
        }
    }

    /// <summary>Random alphanumerics with at least one letter and one digit (what the generic rule requires of a key).</summary>
    public static string Mixed(int length)
    {
        while (true)
        {
            var value = R(Alnum, length);
            if (value.Any(char.IsAsciiDigit) && value.Any(char.IsAsciiLetter))
            {
                return value;
            }
        }
    }

    public static string GitHub(string prefix)
    {
        var random = R(Alnum, 30);
        return prefix + random + GitHubTokenChecksum.ChecksumFor(random);
    }

    public static string Jwt()
    {
        static string B64Url(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return B64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + B64Url($"{{\"sub\":\"{R(Alnum, 12)}\",\"iat\":1700000000}}") + "." + R(UrlSafe, 43);
    }

    public static string PemBody() => string.Join("\n", Enumerable.Range(0, 6).Select(_ => R(Base64, 64)));

    /// <summary>
    /// <see cref="OnePerRule"/> with every sample redrawn until it is as random as its rule demands
    /// (a short random draw can, rarely, repeat characters enough to fall under the rule's entropy floor).
    /// </summary>
    public static IEnumerable<(string RuleId, string Text, string Secret)> OnePerRuleAboveEntropy()
    {
        var rules = RuleLoader.LoadDefault().Rules.ToDictionary(r => r.Id);
        var samples = OnePerRule().ToList();
        for (var i = 0; i < samples.Count; i++)
        {
            while (rules.TryGetValue(samples[i].RuleId, out var rule) && !MeetsEntropy(rule, samples[i].Secret))
            {
                samples[i] = OnePerRule().ElementAt(i);
            }
        }

        return samples;
    }

    private static bool MeetsEntropy(ScanRule rule, string secret) =>
        Entropy.Shannon(secret) >= (rule.MinEntropy ?? (rule.Generic ? Entropy.GenericThreshold(secret) : 0));

    /// <summary>(rule id, a line of text containing one secret for it, the secret) for every built-in rule.</summary>
    public static IEnumerable<(string RuleId, string Text, string Secret)> OnePerRule()
    {
        (string, string, string) Line(string rule, string secret, string template = "token: {0}") =>
            (rule, string.Format(System.Globalization.CultureInfo.InvariantCulture, template, secret), secret);

        yield return Line("openai-api-key", "sk-proj-" + R(UrlSafe, 74) + "T3BlbkFJ" + R(UrlSafe, 74), "OPENAI_API_KEY={0}");
        yield return Line("openai-api-key", "sk-svcacct-" + R(UrlSafe, 58) + "T3BlbkFJ" + R(UrlSafe, 58), "client = OpenAI(api_key=\"{0}\")");
        yield return Line("openai-api-key", "sk-admin-" + R(UrlSafe, 58) + "T3BlbkFJ" + R(UrlSafe, 58));
        yield return Line("openai-api-key", "sk-" + R(Alnum, 20) + "T3BlbkFJ" + R(Alnum, 20));
        yield return Line("anthropic-api-key", "sk-ant-api03-" + R(UrlSafe, 93) + "AA", "ANTHROPIC_API_KEY=\"{0}\"");
        yield return Line("anthropic-admin-key", "sk-ant-admin01-" + R(UrlSafe, 93) + "AA");
        yield return Line("strongroom-virtual-key", "sk-sr-" + R(UrlSafe, 43), "OPENAI_API_KEY={0}");
        yield return Line("google-api-key", "AIza" + R(UrlSafe, 35), "GEMINI_API_KEY={0}");
        yield return Line("huggingface-token", "hf_" + R(Letters, 34), "HF_TOKEN={0}");
        yield return Line("huggingface-org-token", "api_org_" + R(Letters, 34));
        yield return Line("cohere-api-key", R(Alnum, 40), "COHERE_API_KEY={0}");
        yield return Line("cohere-api-key", R(Alnum, 40), "co = cohere.Client(\"{0}\")");
        yield return Line("pinecone-api-key", "pcsk_" + R(Alnum, 5) + "_" + R(Alnum, 63), "PINECONE_API_KEY={0}");
        yield return Line("pinecone-legacy-api-key", Guid.NewGuid().ToString(), "PINECONE_API_KEY={0}");
        yield return Line("replicate-api-token", "r8_" + R(Alnum, 37));
        yield return Line("groq-api-key", "gsk_" + R(Alnum, 52));
        yield return Line("mistral-api-key", R(Alnum, 32), "MISTRAL_API_KEY=\"{0}\"");
        yield return Line("together-api-key", "tgp_v1_" + R(UrlSafe, 43));
        yield return Line("together-api-key", R(Hex, 64), "TOGETHER_API_KEY={0}");
        yield return Line("perplexity-api-key", "pplx-" + R(Alnum, 48));
        yield return Line("xai-api-key", "xai-" + R(Alnum, 80));
        yield return Line("deepseek-api-key", "sk-" + R(Hex, 32), "DEEPSEEK_API_KEY={0}");
        yield return Line("openrouter-api-key", "sk-or-v1-" + R(Hex, 64));
        yield return Line("langsmith-api-key", "lsv2_pt_" + R(Hex, 32) + "_" + R(Hex, 10), "LANGCHAIN_API_KEY={0}");
        yield return Line("wandb-api-key", R(Hex, 40), "WANDB_API_KEY={0}");
        yield return Line("azure-openai-api-key", R(Hex, 32), "AZURE_OPENAI_API_KEY={0}");
        yield return Line("aws-access-key-id", "AKIA" + R(Upper + "234567", 16), "aws_access_key_id = {0}");
        yield return Line("aws-access-key-id", "ASIA" + R(Upper + "234567", 16));
        yield return Line("aws-secret-access-key", R(Base64, 40), "aws_secret_access_key = {0}");
        yield return Line("gcp-service-account-key", "-----BEGIN PRIVATE KEY-----\\n" + PemBody().Replace("\n", "\\n", StringComparison.Ordinal) + "\\n-----END PRIVATE KEY-----\\n", "{{\"type\": \"service_account\", \"private_key\": \"{0}\"}}");
        yield return Line("azure-storage-connection-string", R(Base64, 86) + "==", "DefaultEndpointsProtocol=https;AccountName=acct1;AccountKey={0};EndpointSuffix=core.windows.net");
        yield return Line("github-token", GitHub("ghp_"), "GITHUB_TOKEN={0}");
        yield return Line("github-token", GitHub("gho_"));
        yield return Line("github-token", GitHub("ghu_"));
        yield return Line("github-token", GitHub("ghs_"));
        yield return Line("github-fine-grained-pat", "github_pat_" + R(Alnum, 22) + "_" + R(Alnum, 59));
        yield return Line("gitlab-token", "glpat-" + R(UrlSafe, 20));
        yield return Line("npm-token", "npm_" + R(Alnum, 36), "//registry.npmjs.org/:_authToken={0}");
        yield return Line("pypi-token", "pypi-AgEIcHlwaS5vcmc" + R(UrlSafe, 70), "password = {0}");
        yield return Line("dockerhub-pat", "dckr_pat_" + R(UrlSafe, 27));
        yield return Line("slack-token", "xoxb-" + R(Digits, 12) + "-" + R(Digits, 13) + "-" + R(Alnum, 24));
        yield return Line("slack-webhook-url", "hooks.slack.com/services/T" + R(Upper + Digits, 8) + "/B" + R(Upper + Digits, 10) + "/" + R(Alnum, 24), "url: https://{0}");
        yield return Line("stripe-secret-key", "sk_" + "live_" + R(Alnum, 24), "STRIPE_KEY={0}");
        yield return Line("twilio-api-key", R(Hex, 32), "TWILIO_AUTH_TOKEN={0}");
        yield return Line("sendgrid-api-key", "SG." + R(UrlSafe, 22) + "." + R(UrlSafe, 43));
        yield return Line("private-key", "-----BEGIN RSA PRIVATE KEY-----\n" + PemBody() + "\n-----END RSA PRIVATE KEY-----", "{0}\n");
        yield return Line("private-key", "-----BEGIN OPENSSH PRIVATE KEY-----\n" + PemBody() + "\n-----END OPENSSH PRIVATE KEY-----", "{0}\n");
        yield return Line("database-url-password", R(Alnum, 18), "DATABASE_URL=postgres://app:{0}@db.internal:5432/app");
        yield return Line("database-url-password", R(Alnum, 18), "mongodb+srv://svc:{0}@cluster0.example.net/db");
        yield return Line("jwt", Jwt(), "Authorization: Bearer {0}");
        yield return Line("generic-api-key", Mixed(32), "api_key = \"{0}\"");
        yield return Line("generic-api-key", Mixed(24), "DB_PASSWORD={0}");
    }
}
