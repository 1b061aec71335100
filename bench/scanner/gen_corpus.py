#!/usr/bin/env python3
"""Generates the scanner benchmark corpus: realistic project files with planted, freshly generated
credentials (ground truth in truth.json) and decoys that must not be reported (placeholders, documentation
examples, hashes, UUIDs, lock files, inline images, minified bundles, env-var references).

Key formats follow each provider's published shape; nothing here is a real credential."""
import argparse, base64, hashlib, json, os, random, string, uuid, zlib

ALNUM = string.ascii_letters + string.digits
URLSAFE = ALNUM + "-_"
B64 = ALNUM + "+/"
HEX = "0123456789abcdef"
PLACEHOLDER_WORDS = ("xxxx", "example", "your", "here", "fake", "dummy", "sample", "test", "todo", "abcdefgh", "1234")

rng = random.Random()


def r(charset, n):
    while True:
        s = "".join(rng.choice(charset) for _ in range(n))
        if not any(w in s.lower() for w in PLACEHOLDER_WORDS):
            return s


def b62(n):
    chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    out = ""
    for _ in range(6):
        out = chars[n % 62] + out
        n //= 62
    return out


def github(prefix):
    body = r(ALNUM, 30)
    return prefix + body + b62(zlib.crc32(body.encode()))


def jwt():
    enc = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).decode().rstrip("=")
    return enc({"alg": "HS256", "typ": "JWT"}) + "." + enc({"sub": r(ALNUM, 10), "iat": 1700000000}) + "." + r(URLSAFE, 43)


# (provider, is_ai, env var name, generator)
KEYS = [
    ("openai", True, "OPENAI_API_KEY", lambda: "sk-proj-" + r(URLSAFE, 74) + "T3BlbkFJ" + r(URLSAFE, 74)),
    ("openai", True, "OPENAI_API_KEY", lambda: "sk-svcacct-" + r(URLSAFE, 58) + "T3BlbkFJ" + r(URLSAFE, 58)),
    ("openai", True, "OPENAI_ADMIN_KEY", lambda: "sk-admin-" + r(URLSAFE, 58) + "T3BlbkFJ" + r(URLSAFE, 58)),
    ("openai", True, "OPENAI_API_KEY", lambda: "sk-" + r(ALNUM, 20) + "T3BlbkFJ" + r(ALNUM, 20)),
    ("anthropic", True, "ANTHROPIC_API_KEY", lambda: "sk-ant-api03-" + r(URLSAFE, 93) + "AA"),
    ("anthropic", True, "ANTHROPIC_ADMIN_KEY", lambda: "sk-ant-admin01-" + r(URLSAFE, 93) + "AA"),
    ("gemini", True, "GEMINI_API_KEY", lambda: "AIza" + r(URLSAFE, 35)),
    ("huggingface", True, "HF_TOKEN", lambda: "hf_" + r(string.ascii_letters, 34)),
    ("huggingface", True, "HF_ORG_TOKEN", lambda: "api_org_" + r(string.ascii_letters, 34)),
    ("cohere", True, "COHERE_API_KEY", lambda: r(ALNUM, 40)),
    ("pinecone", True, "PINECONE_API_KEY", lambda: "pcsk_" + r(ALNUM, 5) + "_" + r(ALNUM, 63)),
    ("pinecone", True, "PINECONE_API_KEY", lambda: str(uuid.UUID(int=rng.getrandbits(128), version=4))),
    ("replicate", True, "REPLICATE_API_TOKEN", lambda: "r8_" + r(ALNUM, 37)),
    ("groq", True, "GROQ_API_KEY", lambda: "gsk_" + r(ALNUM, 52)),
    ("mistral", True, "MISTRAL_API_KEY", lambda: r(ALNUM, 32)),
    ("together", True, "TOGETHER_API_KEY", lambda: r(HEX, 64)),
    ("perplexity", True, "PERPLEXITY_API_KEY", lambda: "pplx-" + r(ALNUM, 48)),
    ("xai", True, "XAI_API_KEY", lambda: "xai-" + r(ALNUM, 80)),
    ("deepseek", True, "DEEPSEEK_API_KEY", lambda: "sk-" + r(HEX, 32)),
    ("openrouter", True, "OPENROUTER_API_KEY", lambda: "sk-or-v1-" + r(HEX, 64)),
    ("langsmith", True, "LANGSMITH_API_KEY", lambda: "lsv2_pt_" + r(HEX, 32) + "_" + r(HEX, 10)),
    ("wandb", True, "WANDB_API_KEY", lambda: r(HEX, 40)),
    ("azure-openai", True, "AZURE_OPENAI_API_KEY", lambda: r(HEX, 32)),
    ("aws", False, "AWS_ACCESS_KEY_ID", lambda: "AKIA" + r(string.ascii_uppercase + "234567", 16)),
    ("aws", False, "AWS_SECRET_ACCESS_KEY", lambda: r(B64, 40)),
    ("github", False, "GITHUB_TOKEN", lambda: github("ghp_")),
    ("github", False, "GH_APP_TOKEN", lambda: github("ghs_")),
    ("github", False, "GITHUB_PAT", lambda: "github_pat_" + r(ALNUM, 22) + "_" + r(ALNUM, 59)),
    ("gitlab", False, "GITLAB_TOKEN", lambda: "glpat-" + r(URLSAFE, 20)),
    ("slack", False, "SLACK_BOT_TOKEN", lambda: "xoxb-" + r(string.digits, 12) + "-" + r(string.digits, 13) + "-" + r(ALNUM, 24)),
    ("stripe", False, "STRIPE_SECRET_KEY", lambda: "sk_" + "live_" + r(ALNUM, 24)),
    ("sendgrid", False, "SENDGRID_API_KEY", lambda: "SG." + r(URLSAFE, 22) + "." + r(URLSAFE, 43)),
    ("npm", False, "NPM_TOKEN", lambda: "npm_" + r(ALNUM, 36)),
    ("dockerhub", False, "DOCKERHUB_TOKEN", lambda: "dckr_pat_" + r(URLSAFE, 27)),
    ("twilio", False, "TWILIO_AUTH_TOKEN", lambda: r(HEX, 32)),
    ("jwt", False, "SESSION_TOKEN", jwt),
    ("generic", False, "PAYMENTS_API_KEY", lambda: r(ALNUM, 32)),
    ("generic", False, "DB_PASSWORD", lambda: r(ALNUM, 20)),
]

DECOY_LINES = [
    lambda: 'OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    lambda: 'OPENAI_API_KEY="your-openai-api-key-here"',
    lambda: 'ANTHROPIC_API_KEY=<ANTHROPIC_API_KEY>',
    lambda: 'api_key = os.environ["OPENAI_API_KEY"]',
    lambda: 'const apiKey = process.env.GEMINI_API_KEY;',
    lambda: 'GROQ_API_KEY=${GROQ_API_KEY}',
    lambda: 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
    lambda: 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    lambda: f'request_id = "{uuid.UUID(int=rng.getrandbits(128), version=4)}"',
    lambda: f'"id": "{uuid.UUID(int=rng.getrandbits(128), version=4)}",',
    lambda: f'commit: {r(HEX, 40)}',
    lambda: f'sha256 = "{r(HEX, 64)}"',
    lambda: f'checksum: "{r(HEX, 64)}"',
    lambda: f'etag = "{r(HEX, 32)}"',
    lambda: 'token = get_token(session)',
    lambda: 'password = settings.DATABASE_PASSWORD',
    lambda: 'DATABASE_URL=postgres://postgres:postgres@localhost:5432/dev',
    lambda: 'DATABASE_URL=postgres://user:${DB_PASSWORD}@db:5432/app',
    lambda: 'Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
    lambda: 'HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    lambda: 'max_tokens = 4096',
    lambda: 'tokenizer = "bert-base-uncased"',
    lambda: f'image_digest: sha256:{r(HEX, 64)}',
    lambda: 'secret_name: prod-db-credentials',
    lambda: 'STRIPE_PUBLISHABLE_KEY=pk_live_' + "x" * 24,
]

PROSE = ("the service reads its configuration at start up and retries failed requests with backoff "
         "while the worker pool drains the queue and reports metrics to the collector every minute").split()


def prose_line():
    return " ".join(rng.choice(PROSE) for _ in range(rng.randint(6, 14)))


def planted_line(kind, name, secret):
    styles = {
        "env": [f"{name}={secret}", f'{name}="{secret}"', f"export {name}={secret}"],
        "py": [f'{name} = "{secret}"', f'client = Client(api_key="{secret}")' if kind != "aws" else f'{name.lower()} = "{secret}"',
               f'os.environ["{name}"] = "{secret}"'],
        "js": [f'const {name.lower()} = "{secret}";', f"  apiKey: '{secret}',", f'process.env.{name} = "{secret}";'],
        "yaml": [f"  {name.lower()}: {secret}", f'  {name.lower()}: "{secret}"'],
        "json": [f'  "{name.lower()}": "{secret}",'],
        "md": [f"Use `{name}={secret}` to authenticate."],
    }
    return rng.choice(styles[kind])


def context_needs_name(provider):
    # Keys without a prefix are only recognisable next to their provider's name.
    return provider in {"cohere", "mistral", "together", "deepseek", "wandb", "azure-openai", "twilio", "aws", "generic"} \
        or (provider == "pinecone")


def gen_file(index, truth):
    kind = rng.choice(["env", "env", "py", "js", "yaml", "json", "md"])
    ext = {"env": ".env", "py": ".py", "js": ".js", "yaml": ".yaml", "json": ".json", "md": ".md"}[kind]
    folder = rng.choice(["app", "services/api", "services/worker", "scripts", "config", "docs", "notebooks", "deploy"])
    name = f"{folder}/{'settings' if kind != 'env' else 'prod'}_{index}{ext}" if kind != "env" else f"{folder}/.env.{index}"
    lines = ["{"] if kind == "json" else []
    for _ in range(rng.randint(5, 40)):
        roll = rng.random()
        if roll < 0.10:
            provider, ai, var, make = rng.choice(KEYS)
            secret = make()
            style_kind = "env" if context_needs_name(provider) and kind in ("js", "md") else kind
            line = planted_line(style_kind, var, secret)
            if context_needs_name(provider) and "Client(" in line:
                line = f'{var} = "{secret}"'
            if context_needs_name(provider) and "apiKey:" in line:
                line = f"{var}={secret}"
            lines.append(line)
            truth.append({"file": name, "line": len(lines), "provider": provider, "ai": ai, "secret": secret})
        elif roll < 0.22:
            lines.append(rng.choice(DECOY_LINES)())
        else:
            text = prose_line()
            lines.append({"env": f"# {text}", "py": f"# {text}", "js": f"// {text}", "yaml": f"# {text}",
                          "json": f'  "note_{len(lines)}": "{text}",', "md": text}[kind])
    if kind == "json":
        lines.append('  "end": true')
        lines.append("}")
    return name, "\n".join(lines) + "\n"


def decoy_files():
    files = {}
    lock = {"name": "app", "lockfileVersion": 3, "packages": {}}
    for i in range(300):
        lock["packages"][f"node_modules/pkg{i}"] = {
            "version": "1.0.0", "resolved": f"https://registry.npmjs.org/pkg{i}/-/pkg{i}-1.0.0.tgz",
            "integrity": "sha512-" + base64.b64encode(os.urandom(64)).decode()}
    files["package-lock.json"] = json.dumps(lock, indent=2)
    files["go.sum"] = "\n".join(f"github.com/x/mod{i} v1.{i}.0 h1:{base64.b64encode(os.urandom(32)).decode()}" for i in range(300))
    png = base64.b64encode(os.urandom(6000)).decode()
    files["docs/logo.md"] = f'# Logo\n\n<img src="data:image/png;base64,{png}">\n'
    bundle = ";".join(f'var {r(string.ascii_letters, 2)}="{r(ALNUM, 32)}",t{i}={{key:"{r(ALNUM, 24)}"}}' for i in range(400))
    files["web/dist/app.min.js"] = bundle
    files["web/dist/chunk.3f9a.js"] = bundle[: len(bundle) // 2]
    files["docs/api.md"] = "\n".join([
        "# API", "Set `OPENAI_API_KEY=sk-...` in your shell.", "export ANTHROPIC_API_KEY=<your key>",
        "```python", 'client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])', "```",
        "Example AWS key: AKIAIOSFODNN7EXAMPLE", ""])
    files["data/ids.csv"] = "\n".join(f"{uuid.UUID(int=rng.getrandbits(128), version=4)},{r(HEX, 40)},{hashlib.sha256(os.urandom(8)).hexdigest()}" for _ in range(2000))
    return files


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", default="corpus")
    p.add_argument("--files", type=int, default=800)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    rng.seed(a.seed)
    truth = []
    files = {}
    for i in range(a.files):
        name, text = gen_file(i, truth)
        files[name] = text
    files.update(decoy_files())
    for name, text in files.items():
        path = os.path.join(a.out, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    with open(os.path.join(os.path.dirname(os.path.abspath(a.out)), "truth.json"), "w") as f:
        json.dump(truth, f)
    print(f"corpus: {len(files)} files, {len(truth)} planted secrets, {sum(len(t) for t in files.values())/1e6:.1f} MB")


if __name__ == "__main__":
    main()
