"""Learning on the repair benchmark: does a learned store make the Debugger faster?

    .venv/bin/python bench/repair/learning.py [--json OUT] [--corpus PATH] [--limit-per-class N]

The corpus is split in two halves, stratified by defect class (`split`): in each class
the bugs are ordered by the SHA-256 of their id, and the 1st, 3rd, 5th... go to the
**learning** half, the 2nd, 4th... to the **evaluation** half. Then:

1. **learning**: every bug of the learning half, one at a time, with `[learning]
   user_store` (written into the copy's myagent.toml, `stage`) pointing at one fresh
   SQLite file, so the runs fill it as a user sharing the store across projects would;
2. the store is frozen (an SQLite backup) and checked (`contamination`): its counts are
   exactly the sum of what each learning run added, and no solution in it touches a file
   of an evaluation bug;
3. **evaluation**: every bug of the evaluation half twice, back to back, **cold** (the
   bug's own myagent.toml: learning on, an empty project store, no user store) and
   **learned** (a private copy of the frozen store as its user store), the first of the
   two alternating from bug to bug, so the load of the machine falls on both arms alike.
   Each learned run gets its own copy, so evaluation bugs never learn from each other.

Each run is `run.py`'s `run_bug` (`myagent run --llm none`, then the benchmark's own
check of the branch), one at a time. Per arm it reports bugs fixed, fixes identical in
behaviour, and candidates validated and seconds per fixed bug and per bug (median and
mean), with the difference learned - cold; and the same on the bugs both arms fixed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sqlite3
import sys
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # bench/, for figures.py

from catalog import CORPUS, DEFECT_CLASSES, Bug, load_bug, load_corpus
from figures import myagent_commit, print_grid, shown, stats
from run import BugResult, Options, _print_result, run_bug
from verify import fresh_dir

REPO = Path(__file__).resolve().parents[2]
SCRATCH = REPO / "build" / "bench" / "learning"
ARMS = ("cold", "learned")

# -- the split ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Split:
    learning: tuple[Bug, ...]
    evaluation: tuple[Bug, ...]


def _id_hash(bug: Bug) -> str:
    return hashlib.sha256(bug.id.encode("utf-8")).hexdigest()


def split(bugs: Iterable[Bug], per_class: int | None = None) -> Split:
    """Stratified by defect class; in a class, by the hash of the id, alternately
    learning and evaluation (an odd class gives learning one more). `per_class` keeps
    only the first N of each class (by hash) before splitting, for a quick run."""
    learning: list[Bug] = []
    evaluation: list[Bug] = []
    chosen = list(bugs)
    for name in DEFECT_CLASSES:
        group = sorted((b for b in chosen if b.defect_class == name), key=_id_hash)
        group = group[:per_class] if per_class is not None else group
        learning += group[0::2]
        evaluation += group[1::2]
    return Split(tuple(learning), tuple(evaluation))


# -- the bug copies and the store -----------------------------------------------------------


def stage(bug: Bug, root: Path, user_store: Path | None) -> Bug:
    """A copy of the bug's folder under `root`; with `user_store`, its project's
    myagent.toml gets `[learning] user_store = "<that file>"`. The corpus is untouched."""
    target = root / bug.id
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(bug.root, target, ignore=shutil.ignore_patterns("__pycache__"))
    if user_store is not None:
        config = target / "buggy" / "myagent.toml"
        text = config.read_text(encoding="utf-8").rstrip("\n")
        config.write_text(
            f'{text}\n\n[learning]\nuser_store = "{user_store.resolve().as_posix()}"\n',
            encoding="utf-8",
        )
    return load_bug(target)


OutcomeRow = tuple[str, str, str]  # kind, problem, strategy
Counts = tuple[int, int, int]  # successes, failures, broke


@dataclass(frozen=True)
class StoreSnapshot:
    """The user-level rows of a pattern store: the counts per (problem, strategy) and
    the files its solutions' diffs touch."""

    outcomes: dict[OutcomeRow, Counts]
    patterns: int
    files: frozenset[str]

    @property
    def total(self) -> int:
        return sum(s + f for s, f, _ in self.outcomes.values())


EMPTY = StoreSnapshot({}, 0, frozenset())


def _diff_files(diff: str) -> set[str]:
    found = set()
    for line in diff.splitlines():
        if line.startswith(("--- a/", "+++ b/")):
            found.add(line[6:].strip())
    return found


def snapshot(path: Path) -> StoreSnapshot:
    """The store at `path` (EMPTY when it does not exist yet), read-only."""
    if not path.exists():
        return EMPTY
    with closing(sqlite3.connect(path)) as db:
        outcomes = {
            (kind, problem, strategy): (s, f, b)
            for kind, problem, strategy, s, f, b in db.execute(
                "SELECT kind, problem, strategy, successes, failures, broke "
                "FROM strategy_outcomes WHERE project_id IS NULL"
            )
        }
        diffs = [row[0] for row in db.execute(
            "SELECT solution FROM learned_patterns WHERE project_id IS NULL"
        )]  # fmt: skip
    files = frozenset(f for diff in diffs for f in _diff_files(diff))
    return StoreSnapshot(outcomes, len(diffs), files)


def added(before: StoreSnapshot, after: StoreSnapshot) -> int:
    """Outcomes counted between two snapshots."""
    return after.total - before.total


def freeze(source: Path, target: Path) -> None:
    """A self-contained copy of the SQLite file `source` (its WAL included)."""
    target.unlink(missing_ok=True)
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def contamination(
    frozen: StoreSnapshot,
    last: StoreSnapshot,
    per_bug: dict[str, int],
    halves: Split,
) -> list[str]:
    """Why the frozen store may hold something of the evaluation half (empty: clean).

    The frozen store must be what the last learning run left, its counts the sum of what
    the learning runs added one by one, and its solutions touch no evaluation bug's file.
    """
    problems = []
    if frozen != last:
        problems.append("the frozen store differs from what the last learning run left")
    if frozen.total != sum(per_bug.values()):
        problems.append(
            f"the store counts {frozen.total} outcomes, the learning runs added "
            f"{sum(per_bug.values())}"
        )
    strangers = sorted(set(per_bug) - {b.id for b in halves.learning})
    if strangers:
        problems.append(f"outcomes added by bugs outside the learning half: {strangers}")
    return problems + touches_evaluation(frozen, halves)


def touches_evaluation(store: StoreSnapshot, halves: Split) -> list[str]:
    """A problem when a solution in `store` changes a file of an evaluation bug."""
    touched = sorted(store.files & {b.file for b in halves.evaluation})
    return [f"solutions touch files of evaluation bugs: {touched}"] if touched else []


# -- the figures ----------------------------------------------------------------------------


def arm_figures(results: Sequence[BugResult]) -> dict[str, Any]:
    fixed = [r for r in results if r.fixed]
    return {
        "bugs": len(results),
        "fixed": len(fixed),
        "identical": sum(r.identical for r in results),
        "candidates_per_fix": stats([r.candidates for r in fixed]),
        "seconds_per_fix": stats([r.seconds for r in fixed]),
        "candidates_per_bug": stats([r.candidates for r in results]),
        "seconds_per_bug": stats([r.seconds for r in results]),
    }


def both_fixed(cold: Sequence[BugResult], learned: Sequence[BugResult]) -> dict[str, Any]:
    """The two arms on the bugs both fixed (paired by bug)."""
    pairs = [(c, w) for c, w in zip(cold, learned, strict=True) if c.fixed and w.fixed]
    fewer = sum(w.candidates < c.candidates for c, w in pairs)
    more = sum(w.candidates > c.candidates for c, w in pairs)
    return {
        "bugs": len(pairs),
        "cold_candidates": stats([c.candidates for c, _ in pairs]),
        "learned_candidates": stats([w.candidates for _, w in pairs]),
        "cold_seconds": stats([c.seconds for c, _ in pairs]),
        "learned_seconds": stats([w.seconds for _, w in pairs]),
        "fewer_candidates": fewer,
        "more_candidates": more,
        "same_candidates": len(pairs) - fewer - more,
    }


def _diff(a: float, b: float, places: int) -> str:
    return f"{b - a:+.{places}f}"


def comparison_table(cold: dict[str, Any], learned: dict[str, Any]) -> list[list[str]]:
    rows = [["evaluation half", "cold", "learned", "learned - cold"]]
    for key, label in (("fixed", "bugs fixed"), ("identical", "behaviour-identical")):
        rows.append([label, str(cold[key]), str(learned[key]), f"{learned[key] - cold[key]:+d}"])
    for key, label, places in (
        ("candidates_per_fix", "candidates per fix", 1),
        ("seconds_per_fix", "seconds per fix", 2),
        ("candidates_per_bug", "candidates per bug", 1),
        ("seconds_per_bug", "seconds per bug", 2),
    ):
        for stat in ("median", "mean"):
            a, b = cold[key][stat], learned[key][stat]
            rows.append(
                [f"{label}, {stat}", f"{a:.{places}f}", f"{b:.{places}f}", _diff(a, b, places)]
            )
    return rows


def paired_table(paired: dict[str, Any]) -> list[list[str]]:
    rows = [[f"fixed by both ({paired['bugs']} bugs)", "cold", "learned", "learned - cold"]]
    for what, places in (("candidates", 1), ("seconds", 2)):
        for stat in ("median", "mean"):
            a, b = paired[f"cold_{what}"][stat], paired[f"learned_{what}"][stat]
            rows.append(
                [f"{what}, {stat}", f"{a:.{places}f}", f"{b:.{places}f}", _diff(a, b, places)]
            )
    return rows


# -- the runs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Learned:
    results: list[BugResult]
    added: dict[str, int]  # outcomes each learning run added to the store
    frozen: Path
    store: StoreSnapshot


def learn(halves: Split, scratch: Path, opts: Options) -> Learned:
    """The learning half, one bug at a time, into one fresh user store; then frozen."""
    store = scratch / "user-store.db"
    for leftover in scratch.glob("user-store.db*"):
        leftover.unlink()
    results: list[BugResult] = []
    per_bug: dict[str, int] = {}
    before = snapshot(store)
    assert before == EMPTY, "the user store must start empty"
    bugs = scratch / "bugs"
    for n, bug in enumerate(halves.learning, start=1):
        result = run_bug(stage(bug, bugs, store), opts)
        after = snapshot(store)
        per_bug[bug.id] = added(before, after)
        before = after
        _print_result(n, len(halves.learning), result)
        results.append(result)
    frozen = scratch / "frozen-store.db"
    if store.exists():
        freeze(store, frozen)
    else:  # nothing learned at all: an empty store, so the learned arm still has one
        frozen.unlink(missing_ok=True)
        sqlite3.connect(frozen).close()
    frozen_snapshot = snapshot(frozen) if store.exists() else EMPTY
    problems = contamination(frozen_snapshot, before, per_bug, halves)
    if problems:
        raise SystemExit("the learned store is not clean: " + "; ".join(problems))
    return Learned(results, per_bug, frozen, frozen_snapshot)


def reuse(frozen: Path, halves: Split, scratch: Path) -> Learned:
    """`--evaluate-with`: the store a learning run froze, copied and checked again
    (its solutions touch no evaluation bug's file; the per-run counts were checked when
    it was frozen)."""
    if not frozen.is_file():
        raise SystemExit(f"no frozen store at {frozen}")
    copy = scratch / "frozen-store.db"
    freeze(frozen, copy)
    store = snapshot(copy)
    problems = touches_evaluation(store, halves)
    if problems:
        raise SystemExit("the learned store is not clean: " + "; ".join(problems))
    return Learned([], {}, copy, store)


def evaluate(
    halves: Split, learned: Learned, scratch: Path, opts: Options, *, together: bool = False
) -> tuple[list[BugResult], list[BugResult]]:
    """Each evaluation bug cold and learned, back to back, the first alternating; with
    `together`, both arms of a bug at the same time (so both see the same load)."""
    digest = file_digest(learned.frozen)
    stores = fresh_dir(scratch / "stores")
    runs: dict[str, list[BugResult]] = {arm: [] for arm in ARMS}

    def one(arm: str, bug: Bug) -> BugResult:
        arm_opts = Options(
            llm=opts.llm,
            wall_s=opts.wall_s,
            per_test_s=opts.per_test_s,
            scratch=scratch / arm,
            jobs=1,
        )
        user_store = None
        if arm == "learned":
            user_store = stores / f"{bug.id}.db"
            shutil.copyfile(learned.frozen, user_store)
        return run_bug(stage(bug, scratch / arm / "bugs", user_store), arm_opts)

    total = len(halves.evaluation)
    for n, bug in enumerate(halves.evaluation, start=1):
        order = ARMS if n % 2 else tuple(reversed(ARMS))
        if together:
            with ThreadPoolExecutor(max_workers=2) as pool:
                futures = {arm: pool.submit(one, arm, bug) for arm in order}
                results = {arm: future.result() for arm, future in futures.items()}
        else:
            results = {arm: one(arm, bug) for arm in order}
        for arm in order:
            runs[arm].append(results[arm])
            print(f"{arm:>7} ", end="")
            _print_result(n, total, results[arm])
    if file_digest(learned.frozen) != digest:
        raise SystemExit("the frozen store changed during the evaluation")
    return runs["cold"], runs["learned"]


def _document(
    corpus: Path,
    halves: Split,
    learned: Learned,
    cold: list[BugResult],
    warm: list[BugResult],
    opts: Options,
    elapsed: float,
) -> dict[str, Any]:
    return {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "myagent_commit": myagent_commit(),
        "corpus": shown(corpus),
        "llm": opts.llm,
        "options": {"wall_s": opts.wall_s, "per_test_s": opts.per_test_s, "jobs": 1},
        "elapsed_s": round(elapsed, 1),
        "split": {
            "learning": [b.id for b in halves.learning],
            "evaluation": [b.id for b in halves.evaluation],
        },
        "store": {
            "outcomes": learned.store.total,
            "problem_strategies": len(learned.store.outcomes),
            "patterns": learned.store.patterns,
            "added_per_bug": learned.added,
            "problems": sorted({row[1] for row in learned.store.outcomes}),
        },
        "learning": arm_figures(learned.results),
        "cold": arm_figures(cold),
        "learned": arm_figures(warm),
        "both_fixed": both_fixed(cold, warm),
        "bugs": {
            "learning": [asdict(r) for r in learned.results],
            "cold": [asdict(r) for r in cold],
            "learned": [asdict(r) for r in warm],
        },
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write every figure here")
    parser.add_argument("--corpus", type=Path, default=CORPUS, metavar="PATH")
    parser.add_argument(
        "--limit-per-class", type=int, metavar="N", help="only N bugs of each class (a quick run)"
    )
    parser.add_argument("--llm", default="none", help="passed to myagent run (default none)")
    parser.add_argument("--timeout", type=float, default=300.0, help="cap per myagent run, s")
    parser.add_argument("--test-timeout", type=float, default=3.0, help="per-test cap, s")
    parser.add_argument("--scratch", type=Path, default=SCRATCH, help="where copies go")
    parser.add_argument(
        "--evaluate-with",
        type=Path,
        metavar="STORE",
        help="skip the learning half: evaluate with this frozen store (outside --scratch)",
    )
    parser.add_argument(
        "--together", action="store_true", help="run the two arms of a bug at the same time"
    )
    args = parser.parse_args(argv)
    scratch = fresh_dir(args.scratch.resolve())
    opts = Options(args.llm, args.timeout, args.test_timeout, scratch / "learning", jobs=1)
    corpus: Path = args.corpus.resolve()
    halves = split(load_corpus(corpus), args.limit_per_class)
    print(
        f"{shown(corpus)}: learning half {len(halves.learning)} bugs, evaluation half "
        f"{len(halves.evaluation)} (myagent run --llm {opts.llm}, one at a time)",
        flush=True,
    )
    started = time.monotonic()
    if args.evaluate_with is not None:
        learned = reuse(args.evaluate_with.resolve(), halves, scratch)
    else:
        learned = learn(halves, scratch, opts)
    print(
        f"\nlearned store: {learned.store.total} outcomes over "
        f"{len(learned.store.outcomes)} (problem, strategy) pairs, {learned.store.patterns} "
        f"solutions; problems {sorted({row[1] for row in learned.store.outcomes})}\n",
        flush=True,
    )
    cold, warm = evaluate(halves, learned, scratch, opts, together=args.together)
    elapsed = time.monotonic() - started
    cold_figures, warm_figures = arm_figures(cold), arm_figures(warm)
    print()
    print_grid(comparison_table(cold_figures, warm_figures))
    print()
    print_grid(paired_table(both_fixed(cold, warm)))
    print(f"\nwhole benchmark: {elapsed:.0f} s")
    if args.json is not None:
        document = _document(corpus, halves, learned, cold, warm, opts, elapsed)
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
        print(f"JSON: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
