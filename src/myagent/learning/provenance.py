"""Where a Debugger candidate comes from: the memory recalled for it, and its origin.

* `recalled_fixes`: accepted solutions of past errors whose text is like the failing
  tests' (the vector memory), the nearest first, each once;
* `origin_of`: what produced a fix, as the ledger records it (`recalled_from`): a
  known fix's error-graph solution, a recalled fix's vector hit, or the learned pattern
  (problem and strategy in the pattern store) that put a fix template first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from myagent.learning import repair as learned
from myagent.learning.engine import LearningEngine
from myagent.memory.error_signature import ErrorSignature
from myagent.memory.recall import Recall, RecalledFix, error_text
from myagent.protocol import TestOutcome
from myagent.repair.known_fixes import KnownFixRepair
from myagent.repair.strategy import Fix, RepairStrategy

MAX_ERRORS_ASKED = 3
OriginDict = dict[str, str | int | float | bool]


def recalled_fixes(
    recall: Recall | None,
    failing: Sequence[TestOutcome],
    signatures: Mapping[str, ErrorSignature],
    note: Callable[[str], None],
) -> list[RecalledFix]:
    """Solutions recalled for the failing tests' errors (at most `MAX_ERRORS_ASKED`
    distinct errors asked), the most similar first; `note` says how many were found."""
    if recall is None:
        return []
    texts: dict[str, str] = {}
    for test in failing:
        signature = signatures[test.nodeid]
        text = error_text(signature.error_type, test.message, signature.location)
        texts.setdefault(signature.key, text)
    found: dict[str, RecalledFix] = {}
    for text in list(texts.values())[:MAX_ERRORS_ASKED]:
        for fix in recall.similar_fixes(text):
            found.setdefault(fix.solution_doc, fix)
    if found:
        best = max(f.similarity for f in found.values())
        note(f"recalled {len(found)} solution(s) of similar past errors (best {best:.2f})")
    return sorted(found.values(), key=lambda f: -f.similarity)


def origin_of(
    fix: Fix,
    strategies: Sequence[RepairStrategy],
    learning: LearningEngine | None,
    signatures: Mapping[str, ErrorSignature],
) -> OriginDict:
    """The memory that produced `fix` (empty: none). `learning`: the engine when its
    priors ordered this task's fixes, else None."""
    for strategy in strategies:
        if isinstance(strategy, KnownFixRepair) and fix.key in strategy.origins:
            return dict(strategy.origins[fix.key])
    if learning is None:
        return {}
    stats = learned.blended_stats(learning, signatures).get(fix.strategy)
    if stats is None or stats.posterior.evidence <= 0:
        return {}
    posterior = stats.posterior
    problem = learned.shape_problem_of(signatures.values())
    return {
        "source": "pattern_store",
        "pattern": f"{problem}/{fix.strategy}",
        "learned_mean": round(posterior.mean, 3),
    }
