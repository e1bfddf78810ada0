"""Benchmark: does the vector memory recall the right past fix for a paraphrased error?

    .venv/bin/python bench/recall/run.py [--json OUT] [--embedder minilm|deterministic]
                                         [--only QUERY_ID] [--scratch DIR]

The past errors of `past_errors.jsonl` (the repair corpus's failing tests and fixes,
`build.py`) go into a fresh `VectorMemory` (`error_patterns` and `solutions`), once per
embedder and document style (`dataset.error_document`); every query of `queries.jsonl`
is looked up (`scoring`) and scored top-1 and top-5: is the fix of its bug the first
answer, or among the first five? The exact-signature lookup is the baseline without an
embedder. Prints recall per method, overall and per query style; `--json` keeps every
query's answer.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # bench/, for figures.py

from dataset import DOCUMENT_STYLES, DocumentStyle, load_past, load_queries  # noqa: E402
from figures import myagent_commit, print_grid  # noqa: E402
from scoring import (  # noqa: E402
    KS,
    QueryScore,
    Ranker,
    SignatureRecall,
    VectorRecall,
    by_style,
    recall,
    score,
)

from myagent.llm.testing import DeterministicEmbedder  # noqa: E402
from myagent.memory.embedders import Embedder, MiniLMEmbedder  # noqa: E402
from myagent.memory.vector import VectorMemory  # noqa: E402

SCRATCH = HERE.parents[1] / "build" / "bench" / "recall"
EMBEDDERS = ("minilm", "deterministic")


def make_embedder(name: str) -> Embedder:
    return MiniLMEmbedder() if name == "minilm" else DeterministicEmbedder()


def vector_method(
    embedder: Embedder, style: DocumentStyle, scratch: Path
) -> tuple[VectorRecall, VectorMemory]:
    memory = VectorMemory.persistent(scratch / f"{embedder.name}-{style}", embedder, rebuild=True)
    return VectorRecall(memory, style), memory


def run_methods(
    embedders: Sequence[str], queries_only: Sequence[str], scratch: Path
) -> dict[str, dict[str, Any]]:
    past = load_past()
    queries = load_queries(known={b.bug for b in past})
    if queries_only:
        queries = [q for q in queries if q.id in queries_only]
    methods: dict[str, dict[str, Any]] = {}

    def measure(name: str, ranker: Ranker, indexed_s: float) -> None:
        started = time.perf_counter()
        scores = score(ranker, queries)
        methods[name] = {
            "index_s": round(indexed_s, 2),
            "query_s": round(time.perf_counter() - started, 2),
            "scores": scores,
        }

    measure("exact signature", SignatureRecall(past), 0.0)
    for embedder_name in embedders:
        embedder = make_embedder(embedder_name)
        for style in DOCUMENT_STYLES:
            ranker, _ = vector_method(embedder, style, scratch)  # type: ignore[arg-type]
            started = time.perf_counter()
            ranker.index(past)
            measure(f"{embedder_name}, {style}", ranker, time.perf_counter() - started)
    return methods


def table(methods: dict[str, dict[str, Any]]) -> list[list[str]]:
    first: list[QueryScore] = next(iter(methods.values()))["scores"]
    styles = list(by_style(first))
    header = ["method"]
    for style in styles:
        n = len(by_style(first)[style])
        header += [f"{style} ({n}) top-1", "top-5"]
    rows = [header]
    for name, method in methods.items():
        groups = by_style(method["scores"])
        row = [name]
        for style in styles:
            row += [f"{recall(groups[style], k):.3f}" for k in KS]
        rows.append(row)
    return rows


def document(methods: dict[str, dict[str, Any]], elapsed: float) -> dict[str, Any]:
    return {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "myagent_commit": myagent_commit(),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load": os.getloadavg(),
        },
        "elapsed_s": round(elapsed, 1),
        "methods": {
            name: {
                "index_s": m["index_s"],
                "query_s": m["query_s"],
                "recall": {
                    style: {f"top{k}": round(recall(group, k), 4) for k in KS}
                    for style, group in by_style(m["scores"]).items()
                },
                "queries": [asdict(s) for s in m["scores"]],
            }
            for name, m in methods.items()
        },
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write every figure here")
    parser.add_argument(
        "--embedder", action="append", choices=EMBEDDERS, help="repeatable (default: both)"
    )
    parser.add_argument("--only", action="append", default=[], metavar="QUERY_ID")
    parser.add_argument("--scratch", type=Path, default=SCRATCH, help="the vector stores")
    args = parser.parse_args(argv)
    started = time.monotonic()
    methods = run_methods(args.embedder or list(EMBEDDERS), args.only, args.scratch.resolve())
    elapsed = time.monotonic() - started
    print_grid(table(methods))
    for name, m in methods.items():
        print(f"{name}: indexed in {m['index_s']:.2f} s, queries in {m['query_s']:.2f} s")
    print(f"whole benchmark: {elapsed:.1f} s")
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(document(methods, elapsed), indent=2)
        args.json.write_text(text + "\n", encoding="utf-8")
        print(f"JSON: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
