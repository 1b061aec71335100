#!/usr/bin/env python3
"""Scanner benchmark: generates the corpus, runs strongroom, gitleaks and secretlint on it in the same run,
scores recall / precision / F1 against the planted ground truth (matched on file and line), times each
tool, and measures strongroom's plain-text throughput. Prints a Markdown table for docs/BENCHMARKS.md."""
import argparse, json, os, shutil, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
# Outside the repository and not under a dot-directory: secretlint skips hidden paths and .gitignored files.
WORK = os.environ.get("BENCH_WORK", os.path.join(tempfile.gettempdir(), "strongroom-scanner-bench"))
CORPUS = os.path.join(WORK, "corpus")
OUT = os.path.join(WORK, "out")
CLI = os.path.join(ROOT, "src", "Strongroom.Cli", "bin", "Release", "net10.0", "strongroom.dll")
BIN = os.path.join(HERE, "node_modules", ".bin")


def timed(cmd, **kw):
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    return time.perf_counter() - start, proc


def rel(path):
    path = path.replace("\\", "/")
    marker = "/corpus/"
    if marker in path:
        return path.split(marker, 1)[1]
    return path[len("corpus/"):] if path.startswith("corpus/") else path


def run_ours():
    report = os.path.join(OUT, "ours.json")
    secs, proc = timed(["dotnet", CLI, "scan", CORPUS, "--no-git", "--format", "json", "--no-redact", "--no-progress", "--output", report])
    if proc.returncode not in (0, 1):
        raise SystemExit("strongroom failed: " + proc.stderr)
    data = json.load(open(report))["findings"]
    return secs, [(rel(f["file"]), f["line"], f["ruleId"]) for f in data]


def run_gitleaks():
    report = os.path.join(OUT, "gitleaks.json")
    secs, proc = timed([os.path.join(BIN, "gitleaks"), "dir", CORPUS, "--report-format", "json", "--report-path", report,
                        "--no-banner", "--exit-code", "0", "--redact=0", "--log-level", "error"])
    if proc.returncode != 0 or not os.path.exists(report):
        raise SystemExit("gitleaks failed: " + proc.stderr[-2000:])
    data = json.load(open(report))
    return secs, [(rel(f["File"]), f["StartLine"], f["RuleID"]) for f in data]


def run_secretlint():
    report = os.path.join(OUT, "secretlint.json")
    secs, proc = timed([os.path.join(BIN, "secretlint"), "--secretlintrc", os.path.join(HERE, ".secretlintrc.json"),
                        "--format", "json", "--output", report, "--no-maskSecrets", os.path.join(CORPUS, "**", "*"),
                        os.path.join(CORPUS, "**", ".*")], cwd=HERE)
    if not os.path.exists(report):
        raise SystemExit("secretlint failed: " + proc.stderr[-2000:])
    data = json.load(open(report))
    found = []
    for result in data:
        for m in result.get("messages", []):
            found.append((rel(result["filePath"]), m["loc"]["start"]["line"], m.get("ruleId", "?")))
    return secs, found


def score(truth, found):
    planted = {(t["file"], t["line"]): t for t in truth}
    hits = {}
    for file, line, rule in found:
        hits.setdefault((file, line), rule)
    tp = [k for k in hits if k in planted]
    fp = [k for k in hits if k not in planted]
    fn = [k for k in planted if k not in hits]
    recall = len(tp) / len(planted) if planted else 0
    precision = len(tp) / len(hits) if hits else 0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0
    ai = [k for k in tp if planted[k]["ai"]]
    named = [k for k in ai if "generic" not in hits[k].lower()]
    return {"tp": len(tp), "fp": len(fp), "fn": len(fn), "recall": recall, "precision": precision, "f1": f1,
            "ai_named": len(named) / len(ai) if ai else 0, "fp_list": fp[:15], "fn_list": [(k, planted[k]["provider"]) for k in fn[:15]]}


def throughput(megabytes):
    plain = os.path.join(WORK, "plaintext")
    shutil.rmtree(plain, ignore_errors=True)
    os.makedirs(plain)
    words = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore "
             "magna aliqua the quick brown fox jumps over the lazy dog while the service writes its logs").split()
    import random
    rng = random.Random(7)
    block = "\n".join(" ".join(rng.choice(words) for _ in range(12)) for _ in range(20000)) + "\n"
    per_file = 8 * 1024 * 1024
    total = 0
    i = 0
    while total < megabytes * 1024 * 1024:
        with open(os.path.join(plain, f"part{i:04}.txt"), "w") as f:
            written = 0
            while written < per_file:
                f.write(block)
                written += len(block)
        total += written
        i += 1
    subprocess.run(["cat"] + [os.path.join(plain, n) for n in os.listdir(plain)], stdout=subprocess.DEVNULL)  # warm the page cache
    secs, proc = timed(["dotnet", CLI, "scan", plain, "--no-git", "--format", "json", "--no-progress", "--output", os.path.join(OUT, "plain.json")])
    if proc.returncode not in (0, 1):
        raise SystemExit("strongroom failed on plain text: " + proc.stderr)
    seconds_in_scan = json.load(open(os.path.join(OUT, "plain.json")))["summary"]["seconds"]
    return total / 1048576, secs, seconds_in_scan


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--files", type=int, default=800)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--plain-mb", type=int, default=512)
    p.add_argument("--skip-anchors", action="store_true")
    a = p.parse_args()
    shutil.rmtree(CORPUS, ignore_errors=True)
    os.makedirs(OUT, exist_ok=True)
    subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), "--out", CORPUS, "--files", str(a.files), "--seed", str(a.seed)], check=True)
    truth = json.load(open(os.path.join(WORK, "truth.json")))
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(CORPUS) for f in fs) / 1e6
    tools = [("strongroom", run_ours)]
    if not a.skip_anchors:
        tools += [("gitleaks 8.28 (wasm)", run_gitleaks), ("secretlint 13.0.6", run_secretlint)]
    rows = []
    for name, run in tools:
        secs, found = run()
        s = score(truth, found)
        rows.append((name, secs, s))
        print(f"{name}: missed {s['fn_list']}\n  false positives {s['fp_list']}", file=sys.stderr)
    print(f"Corpus: {len(truth)} planted secrets in {size:.1f} MB (seed {a.seed}, {a.files} generated files + decoy files)\n")
    print("| tool | recall | precision | F1 | AI keys named by provider | wall time (s) | TP | FP | FN |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, secs, s in rows:
        print(f"| {name} | {s['recall']:.3f} | {s['precision']:.3f} | {s['f1']:.3f} | {s['ai_named']:.3f} | {secs:.2f} | {s['tp']} | {s['fp']} | {s['fn']} |")
    if a.plain_mb > 0:
        mb, secs, inner = throughput(a.plain_mb)
        print(f"\nPlain-text throughput: {mb:.0f} MB in {secs:.2f} s wall including process start-up "
              f"({mb / secs:.0f} MB/s); {inner:.2f} s inside the scan ({mb / inner:.0f} MB/s)")


if __name__ == "__main__":
    main()
