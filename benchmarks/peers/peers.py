#!/usr/bin/python3
"""Peers benchmark: fastText, scikit-learn and ThemeClassifier, same data, same posts, same machine, one table.

Run through run.sh (which installs the Debian packages and builds our runner). Steps:
  1. build the 100,000-post tagging set from the corpus and the dev texts (deterministic, seeded);
  2. train every system on training-data/ (never on the dev set), time it, measure its model size;
  3. tag the 100,000 posts, time it (posts/s);
  4. score the external dev set with the same code for every system (top-1, top-3, macro-F1, no-theme correct);
  5. print one table and the issue's targets as measured ratios.
"""
import argparse
import json
import statistics
import os
import pickle
import random
import re
import subprocess
import sys
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.svm import LinearSVC

SEED = 42
MAX_THEMES = 3  # ThemeClassifier gives a post at most 3 themes; peers are capped the same way.
THRESHOLD_GRID = [round(0.05 * k, 2) for k in range(1, 20)]


def log(msg):
    print(f"[peers] {msg}", file=sys.stderr, flush=True)


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def one_line(text):
    return " ".join(text.split())


def build_posts(texts, count, seed=SEED):
    """`count` distinct tweet-length posts: the opening words of one corpus text spliced onto the closing words of
    another at seeded random cut points. Handles and URLs are not added, so no two posts normalise alike."""
    words = [one_line(t).split(" ") for t in texts]
    words = [w for w in words if len(w) >= 4]
    rng = random.Random(seed)
    seen, posts = set(), []
    while len(posts) < count:
        a = words[rng.randrange(len(words))]
        b = words[rng.randrange(len(words))]
        head = a[: min(len(a), 2 + rng.randrange(min(len(a), 30)))]
        tail = b[rng.randrange(len(b) - 1):][:30]
        text = " ".join(head + tail)
        if text not in seen:
            seen.add(text)
            posts.append(text)
    return posts


# ---------------------------------------------------------------- metrics (same code for every system)

def metrics(gold, ranked, decided):
    """gold: list of gold theme lists; ranked: list of theme ids best-first; decided: list of decided theme lists."""
    with_gold = [i for i, g in enumerate(gold) if g]
    top1 = sum(ranked[i][0] in gold[i] for i in with_gold) / len(with_gold)
    top3 = sum(any(t in gold[i] for t in ranked[i][:3]) for i in with_gold) / len(with_gold)
    themes = sorted({t for g in gold for t in g} | {t for d in decided for t in d})
    f1s = []
    for t in themes:
        tp = sum(t in g and t in d for g, d in zip(gold, decided))
        fp = sum(t not in g and t in d for g, d in zip(gold, decided))
        fn = sum(t in g and t not in d for g, d in zip(gold, decided))
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
    none_total = sum(not g for g in gold)
    none_correct = sum(not g and not d for g, d in zip(gold, decided))
    return {"top1": top1, "top3": top3, "macro_f1": float(np.mean(f1s)) if f1s else 0.0,
            "no_theme_correct": none_correct, "no_theme_count": none_total}


def decide(scores, classes, threshold):
    """Themes whose score passes the threshold, best first, at most MAX_THEMES."""
    order = np.argsort(-scores, kind="stable")
    return [classes[j] for j in order[:MAX_THEMES] if scores[j] >= threshold]


def ranked_ids(scores, classes):
    return [classes[j] for j in np.argsort(-scores, kind="stable")]


def macro_f1_of(y_true_sets, score_matrix, classes, threshold):
    decided = [decide(s, classes, threshold) for s in score_matrix]
    themes = sorted({t for g in y_true_sets for t in g} | {t for d in decided for t in d})
    f1s = []
    for t in themes:
        tp = sum(t in g and t in d for g, d in zip(y_true_sets, decided))
        fp = sum(t not in g and t in d for g, d in zip(y_true_sets, decided))
        fn = sum(t in g and t not in d for g, d in zip(y_true_sets, decided))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0)
    return float(np.mean(f1s)) if f1s else 0.0


def choose_threshold(train_labels, cv_scores, classes):
    """The global probability threshold with the best macro-F1 on the training data's cross-validated scores."""
    best = max(THRESHOLD_GRID, key=lambda th: (macro_f1_of(train_labels, cv_scores, classes, th), -abs(th - 0.5)))
    return best


def cv_top1(labels, scores, classes):
    return float(np.mean([classes[int(np.argmax(s))] in l for l, s in zip(labels, scores)]))


def folds(n):
    return list(KFold(n_splits=5, shuffle=True, random_state=SEED).split(np.arange(n)))


# ---------------------------------------------------------------- scikit-learn

SKLEARN_C = {"lr": [1.0, 10.0, 100.0], "svc": [0.1, 1.0, 10.0]}


def sklearn_pipeline(kind, c):
    features = FeatureUnion([
        ("word", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, lowercase=True)),
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, lowercase=True)),
    ])
    if kind == "lr":
        clf = OneVsRestClassifier(LogisticRegression(C=c, max_iter=2000, class_weight="balanced", random_state=SEED))
    else:
        clf = OneVsRestClassifier(LinearSVC(C=c, class_weight="balanced", random_state=SEED))
    return Pipeline([("tfidf", features), ("clf", clf)])


def sklearn_scores(pipe, texts, kind):
    return pipe.predict_proba(texts) if kind == "lr" else pipe.decision_function(texts)


def run_sklearn(kind, train, dev, posts, out_dir):
    name = "scikit-learn TF-IDF + " + ("LogisticRegression" if kind == "lr" else "LinearSVC")
    log(f"{name}: training")
    texts = [p["text"] for p in train]
    labels = [p["themes"] for p in train]
    mlb = MultiLabelBinarizer()
    y = mlb.fit_transform(labels)
    classes = list(mlb.classes_)
    t0 = time.perf_counter()
    # Hyper-parameter C by 5-fold cross-validated top-1 on the training data; for logistic regression the decision
    # threshold is then the one with the best cross-validated macro-F1. Both are part of training, so timed.
    best = None
    for c in SKLEARN_C[kind]:
        cv = np.zeros(y.shape, dtype=float)
        for tr, te in folds(len(texts)):
            fold_pipe = sklearn_pipeline(kind, c).fit([texts[i] for i in tr], y[tr])
            cv[te] = sklearn_scores(fold_pipe, [texts[i] for i in te], kind)
        top1 = cv_top1(labels, cv, classes)
        if best is None or top1 > best[0]:
            best = (top1, c, cv)
    _, c, cv = best
    threshold = choose_threshold([set(l) for l in labels], cv, classes) if kind == "lr" else 0.0
    pipe = sklearn_pipeline(kind, c).fit(texts, y)
    train_seconds = time.perf_counter() - t0
    path = os.path.join(out_dir, f"sklearn-{kind}.pkl")
    with open(path, "wb") as f:
        pickle.dump((pipe, classes, threshold), f, protocol=pickle.HIGHEST_PROTOCOL)
    model_bytes = os.path.getsize(path)

    dev_scores = sklearn_scores(pipe, [p["text"] for p in dev], kind)
    ranked = [ranked_ids(s, classes) for s in dev_scores]
    if kind == "lr":
        decided = [decide(s, classes, threshold) for s in dev_scores]
    else:
        decided = [[classes[j] for j in np.argsort(-s, kind="stable")[:MAX_THEMES] if s[j] > 0] for s in dev_scores]

    log(f"{name}: tagging {len(posts):,} posts")
    t0 = time.perf_counter()
    scores = sklearn_scores(pipe, posts, kind)
    if kind == "lr":
        tagged = sum(bool(decide(s, classes, threshold)) for s in scores)
    else:
        tagged = int((scores > 0).any(axis=1).sum())
    tag_seconds = time.perf_counter() - t0
    return {"name": name, "train_seconds": train_seconds, "model_bytes": model_bytes, "tag_seconds": tag_seconds,
            "posts_per_second": len(posts) / tag_seconds, "posts_with_theme": tagged,
            "decision": (f"p >= {threshold} (CV)" if kind == "lr" else "decision > 0") + f"; C={c} (CV)",
            "metrics": metrics([p["themes"] for p in dev], ranked, decided)}


# ---------------------------------------------------------------- fastText (Debian CLI)

TOKEN = re.compile(r"\w+|[^\w\s]", re.UNICODE)


def ft_text(text):
    """fastText's usual preprocessing: lower case, punctuation split off into tokens, one line."""
    return " ".join(TOKEN.findall(text.lower()))


FT_ARGS = ["-loss", "ova", "-dim", "50", "-bucket", "200000", "-minCount", "1", "-thread", "1", "-seed", str(SEED),
           "-verbose", "0"]
# (learning rate, epochs, word n-gram length), chosen by cross-validated top-1 on the training data.
FT_GRID = [(lr, epoch, ngrams) for lr in (0.1, 0.5, 1.0) for epoch in (25, 100) for ngrams in (1, 2)]


def ft_train(lines, prefix, hp):
    with open(prefix + ".train.txt", "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    subprocess.run(["fasttext", "supervised", "-input", prefix + ".train.txt", "-output", prefix] + FT_ARGS
                   + ["-lr", str(hp[0]), "-epoch", str(hp[1]), "-wordNgrams", str(hp[2])],
                   check=True, stdout=subprocess.DEVNULL)
    return prefix + ".bin"


def ft_predict_prob(model, texts, path):
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(ft_text(t) for t in texts) + "\n")
    out = subprocess.run(["fasttext", "predict-prob", model, path, "-1", "0.0"], check=True,
                         capture_output=True, text=True).stdout.splitlines()
    return out


def ft_score_matrix(lines, classes):
    m = np.zeros((len(lines), len(classes)))
    index = {c: j for j, c in enumerate(classes)}
    for i, line in enumerate(lines):
        parts = line.split()
        for label, prob in zip(parts[0::2], parts[1::2]):
            m[i, index[label[len("__label__"):]]] = float(prob)
    return m


def run_fasttext(train, dev, posts, out_dir, tag_repeats):
    name = "fastText (supervised, one-vs-all)"
    log(f"{name}: training")
    classes = sorted({t for p in train for t in p["themes"]})
    lines = [" ".join("__label__" + t for t in p["themes"]) + " " + ft_text(p["text"]) for p in train]
    t0 = time.perf_counter()
    best = None
    for hp in FT_GRID:
        cv = np.zeros((len(train), len(classes)))
        for k, (tr, te) in enumerate(folds(len(train))):
            prefix = os.path.join(out_dir, f"fasttext-cv{k}")
            model = ft_train([lines[i] for i in tr], prefix, hp)
            cv[te] = ft_score_matrix(ft_predict_prob(model, [train[i]["text"] for i in te], os.path.join(out_dir, "cv.txt")), classes)
            for ext in (".bin", ".train.txt"):
                os.remove(prefix + ext)
        top1 = cv_top1([p["themes"] for p in train], cv, classes)
        if best is None or top1 > best[0]:
            best = (top1, hp, cv)
    _, hp, cv = best
    threshold = choose_threshold([set(p["themes"]) for p in train], cv, classes)
    model = ft_train(lines, os.path.join(out_dir, "fasttext"), hp)
    train_seconds = time.perf_counter() - t0

    dev_scores = ft_score_matrix(ft_predict_prob(model, [p["text"] for p in dev], os.path.join(out_dir, "dev.txt")), classes)
    ranked = [ranked_ids(s, classes) for s in dev_scores]
    decided = [decide(s, classes, threshold) for s in dev_scores]

    # Tagging: fastText's own CLI on the preprocessed posts (preprocessing not timed), decided themes written out.
    posts_path = os.path.join(out_dir, "posts-fasttext.txt")
    with open(posts_path, "w", encoding="utf-8") as f:
        f.write("\n".join(ft_text(t) for t in posts) + "\n")
    log(f"{name}: tagging {len(posts):,} posts")
    out_path = os.path.join(out_dir, "posts-fasttext.pred")
    timings = []
    for _ in range(tag_repeats):
        t0 = time.perf_counter()
        with open(out_path, "w", encoding="utf-8") as out:
            subprocess.run(["fasttext", "predict-prob", model, posts_path, str(MAX_THEMES), str(threshold)], check=True, stdout=out)
        timings.append(time.perf_counter() - t0)
    tag_seconds = statistics.median(timings)
    with open(out_path, encoding="utf-8") as f:
        tagged = sum(1 for line in f if line.strip())
    return {"name": name, "train_seconds": train_seconds, "model_bytes": os.path.getsize(model),
            "tag_seconds": tag_seconds, "tag_seconds_all": timings, "posts_per_second": len(posts) / tag_seconds, "posts_with_theme": tagged,
            "decision": f"p >= {threshold} (CV); lr={hp[0]}, epoch={hp[1]}, wordNgrams={hp[2]} (CV)",
            "metrics": metrics([p["themes"] for p in dev], ranked, decided)}


# ---------------------------------------------------------------- ours

def run_ours(args, dev, posts_path, out_dir, runner=None, profiles=None, encoder_sample=None, label=None):
    """Our runner (or, with label, an older commit's build of it, run for the before/after ratio in this same run)."""
    runner = runner or args.ours_runner
    out = os.path.join(out_dir, "ours.json")
    os.makedirs(out_dir, exist_ok=True)
    cmd = ["dotnet", runner, "--data", args.training_data, "--dev", args.dev, "--posts", posts_path,
           "--out", out, "--profiles", profiles or args.profiles,
           "--encoder-sample", str(args.encoder_sample if encoder_sample is None else encoder_sample), "--models", out_dir,
           "--tag-repeats", str(args.tag_repeats)]
    log("ThemeClassifier: " + " ".join(cmd))
    subprocess.run(cmd, check=True)
    with open(out, encoding="utf-8") as f:
        ours = json.load(f)
    gold = {p["id"]: p["themes"] for p in dev}
    systems = []
    for s in ours["systems"]:
        g = [gold[d["id"]] for d in s["dev"]]
        ranked = [[t for t, _ in d["scores"]] for d in s["dev"]]
        decided = [d["themes"] for d in s["dev"]]
        s["metrics"] = metrics(g, ranked, decided)
        s["decision"] = "per-theme thresholds (CV)"
        if label:
            s["name"] = f"{s['name']} at {label} (before)"
            s["profile"] = "baseline-" + s["profile"]
        systems.append(s)
    return systems, ours.get("encoder")


# ---------------------------------------------------------------- table

def mb(n):
    return f"{n / 1e6:.2f} MB" if n >= 1e5 else f"{n / 1e3:.0f} kB"


def print_table(systems, encoder, n_posts, dev, load_before):
    with_gold = sum(bool(p["themes"]) for p in dev)
    load_after = os.getloadavg()
    print()
    print(f"Peers benchmark: {n_posts:,} distinct posts tagged; metrics on external-dev ({len(dev)} passages, "
          f"{with_gold} with a gold theme); {os.cpu_count()} cores; load average {load_before[0]:.1f} at start, "
          f"{load_after[0]:.1f} at end ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})")
    print()
    print("| System | Posts/s | Model size | Training time | Top-1 | Top-3 | Macro-F1 | No-theme correct | Decides by |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for s in systems:
        m = s["metrics"]
        print(f"| {s['name']} | {s['posts_per_second']:,.0f} | {mb(s['model_bytes'])} | {s['train_seconds']:.1f} s | "
              f"{m['top1']:.3f} | {m['top3']:.3f} | {m['macro_f1']:.3f} | {m['no_theme_correct']}/{m['no_theme_count']} | {s['decision']} |")
    if encoder:
        print(f"| (MiniLM package Encode(string[]) alone, chunks of 256, {encoder['sample']:,}-post sample) | {encoder['package_posts_per_second']:,.0f} | | | | | | | |")
        print(f"| (MiniLM package Encode alone, one post per call, same sample) | {encoder['package_one_per_call_posts_per_second']:,.0f} | | | | | | | |")
        print(f"| (our SentenceEmbedder alone, same sample) | {encoder['sentence_embedder_posts_per_second']:,.0f} | | | | | | | |")
    print()

    by = {s.get("profile"): s for s in systems if s.get("profile")}
    ft = next((s for s in systems if s["name"].startswith("fastText")), None)
    peers = [s for s in systems if not s.get("profile")]
    print("| Target | Measured | Met? |")
    print("|---|---|---|")
    if "fast" in by and ft:
        r = by["fast"]["posts_per_second"] / ft["posts_per_second"]
        print(f"| fast profile posts/s >= 1x fastText's (issue 14) | {r:.2f}x ({by['fast']['posts_per_second']:,.0f} vs {ft['posts_per_second']:,.0f}) | {'yes' if r >= 1 else 'NO'} |")
    before = by.get("baseline-default")
    for profile in ("default", "int8"):
        if profile in by and before:
            r = by[profile]["posts_per_second"] / before["posts_per_second"]
            d = by[profile]["metrics"]["top1"] - before["metrics"]["top1"]
            print(f"| {by[profile]['name']} posts/s >= 1.5x before issue 14 (issue 14) | {r:.2f}x ({by[profile]['posts_per_second']:,.0f} vs {before['posts_per_second']:,.0f}); dev top-1 {d:+.3f} | {'yes' if r >= 1.5 else 'NO'} |")
    if "default" in by and encoder:
        r = by["default"]["posts_per_second"] / encoder["package_posts_per_second"]
        print(f"| default profile posts/s >= 2x MiniLM package Encode | {r:.2f}x ({by['default']['posts_per_second']:,.0f} vs {encoder['package_posts_per_second']:,.0f}) | {'yes' if r >= 2 else 'NO'} |")
    if "default" in by and peers:
        best = max(peers, key=lambda s: s["metrics"]["top1"])
        d = by["default"]["metrics"]["top1"] - best["metrics"]["top1"]
        print(f"| default top-1 >= every peer's + 0.20 | {d:+.3f} vs best peer ({best['name']}, {best['metrics']['top1']:.3f}) | {'yes' if d >= 0.20 - 1e-9 else 'NO'} |")
    print()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--training-data", required=True)
    ap.add_argument("--dev", required=True)
    ap.add_argument("--out", required=True, help="work folder for models, posts and results")
    ap.add_argument("--posts", type=int, default=100_000)
    ap.add_argument("--ours-runner", required=True, help="path of the built OursRunner.dll")
    ap.add_argument("--profiles", default="fast,default,int8")
    ap.add_argument("--baseline-runner", help="an older commit's OursRunner.dll: its default profile is run first, as the 'before'")
    ap.add_argument("--baseline-label", default="baseline", help="the older commit's name in the table")
    ap.add_argument("--encoder-sample", type=int, default=2000)
    ap.add_argument("--systems", default="fasttext,sklearn-lr,sklearn-svc,ours")
    ap.add_argument("--tag-repeats", type=int, default=5,
                    help="time fastText's tagging and every batch of ours under 10 s this many times; the median counts")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    load_before = os.getloadavg()

    train = []
    for name in sorted(os.listdir(args.training_data)):
        if name.endswith(".jsonl"):
            train += read_jsonl(os.path.join(args.training_data, name))
    dev = read_jsonl(args.dev)
    posts = build_posts([p["text"] for p in train] + [p["text"] for p in dev], args.posts)
    posts_path = os.path.join(args.out, f"posts-{args.posts}.txt")
    with open(posts_path, "w", encoding="utf-8") as f:
        f.write("\n".join(posts) + "\n")
    log(f"{len(train)} training posts, {len(dev)} dev passages, {len(posts):,} posts to tag -> {posts_path}")

    wanted = args.systems.split(",")
    systems, encoder = [], None
    if "fasttext" in wanted:
        systems.append(run_fasttext(train, dev, posts, args.out, args.tag_repeats))
    if "sklearn-lr" in wanted:
        systems.append(run_sklearn("lr", train, dev, posts, args.out))
    if "sklearn-svc" in wanted:
        systems.append(run_sklearn("svc", train, dev, posts, args.out))
    if "ours" in wanted and args.baseline_runner:
        before, _ = run_ours(args, dev, posts_path, os.path.join(args.out, "baseline"), runner=args.baseline_runner,
                             profiles="default", encoder_sample=0, label=args.baseline_label)
        systems += before
    if "ours" in wanted:
        ours, encoder = run_ours(args, dev, posts_path, args.out)
        systems += ours
    with open(os.path.join(args.out, "results.json"), "w", encoding="utf-8") as f:
        json.dump({"systems": [{k: v for k, v in s.items() if k != "dev"} for s in systems], "encoder": encoder}, f, indent=2)
    print_table(systems, encoder, len(posts), dev, load_before)


if __name__ == "__main__":
    main()
