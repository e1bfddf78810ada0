"""The Architect benchmark's tables, from the figures `run.py` writes (`--json`).

Each function takes the "subjects" list of that document and returns rows for
`figures.print_grid` (the first row the header).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

Rows = list[list[str]]
Doc = Mapping[str, Any]


def _gods(entries: Sequence[Doc]) -> str:
    return ", ".join(str(e["module"]) for e in entries) or "none"


def _tests(pair: Sequence[int]) -> str:
    total, failing = pair
    return f"{total} ({failing} failing)"


def subjects_rows(subjects: Sequence[Doc]) -> Rows:
    rows = [["subject", "from", "limits", "modules >= 300 lines", "god modules", "plain pytest",
             "failing in MyAgent's", "gate"]]  # fmt: skip
    for s in subjects:
        limits = ", ".join(f"{k}={v}" for k, v in sorted(s["limits"].items())) or "defaults"
        suite = s["baseline_suite"]
        shown = f"{suite['passed']} passed, {suite['failed']} failed, {suite['seconds']:.0f} s"
        rows.append(
            [s["name"], s["requirement"], limits, str(s["large_modules"]), _gods(s["god_before"]),
             shown, str(len(s["sandbox_baseline"]["failing"])), f"{s['tests_gate']:g}"]
        )  # fmt: skip
    return rows


def director_rows(subjects: Sequence[Doc]) -> Rows:
    rows = [["subject", "status", "seconds", "load (1 min) before-after", "god modules after",
             "accepted", "rejected", "tests before", "tests after"]]  # fmt: skip
    for s in subjects:
        d = s["director"]
        after = [p["tests_after"] for p in d["proposals"] if p["accepted"]]
        final = after[-1] if after else d["baseline_tests"]
        rows.append(
            [s["name"], d["status"], f"{d['seconds']:.0f}",
             f"{d['load_before'][0]:.2f}-{d['load_after'][0]:.2f}", _gods(s["god_after"]),
             str(d["accepted"]), str(d["rejected"]), _tests(d["baseline_tests"]), _tests(final)]
        )  # fmt: skip
    return rows


def proposal_rows(subjects: Sequence[Doc]) -> Rows:
    rows = [["subject", "iteration", "strategy", "verdict", "reason"]]
    for s in subjects:
        for p in s["director"]["proposals"]:
            verdict = {True: "accepted", False: "rejected", None: "not validated"}[p["accepted"]]
            rows.append([s["name"], str(p["iteration"]), p["strategy"], verdict, p["reason"]])
    return rows


def trial_rows(subjects: Sequence[Doc]) -> Rows:
    rows = [["subject", "module", "lines", "defs", "god", "codemod", "ruff new", "suite",
             "broken"]]  # fmt: skip
    for s in subjects:
        for t in s["trials"]:
            if t["proposed"]:
                parts = ", ".join(f"{p.rsplit('/', 1)[-1]} {n}" for p, n in t["files"].items())
                codemod = f"split: {parts}"
                ruff = ", ".join(f"{c} +{n}" for c, n in t["ruff_new"].items()) or "-"
                suite, broken = t["suite"], str(t["broken"])
            else:
                codemod, ruff, suite, broken = f"refused: {t['kind']}", "", "", ""
            rows.append(
                [s["name"], t["module"], str(t["lines"]), str(t["definitions"]),
                 "yes" if t["god"] else "", codemod, ruff, suite, broken]
            )  # fmt: skip
    return rows


def tally_rows(subjects: Sequence[Doc]) -> Rows:
    rows = [["subject", "modules", "proposed", "refused", "suite unbroken", "broke tests",
             "new ruff findings", "safe"]]  # fmt: skip
    total = [0] * 7
    for s in subjects:
        t = s["tally"]
        values = [t["modules"], t["proposed"], t["refused"], t["suite_ok"], t["broke_tests"],
                  t["ruff_new"], t["safe"]]  # fmt: skip
        total = [a + b for a, b in zip(total, values, strict=True)]
        rows.append([s["name"], *(str(v) for v in values)])
    if len(subjects) > 1:
        rows.append(["all", *(str(v) for v in total)])
    return rows


def refusal_rows(subjects: Sequence[Doc]) -> Rows:
    counts: dict[str, int] = {}
    for s in subjects:
        for kind, n in s["tally"]["refusals"].items():
            counts[kind] = counts.get(kind, 0) + n
    rows = [["refusal", "modules"]]
    rows += [[k, str(n)] for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return rows
