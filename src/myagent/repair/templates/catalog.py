"""The fix templates by name, one per defect class, and how many candidates each may
propose at one line."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from myagent.repair.templates.bounds import off_by_one
from myagent.repair.templates.conditions import (
    negate_condition,
    strengthen_condition,
    weaken_condition,
)
from myagent.repair.templates.guards import none_guard
from myagent.repair.templates.literals import return_value, wrong_literal
from myagent.repair.templates.loops import loop_update
from myagent.repair.templates.mirror import mirror_statement
from myagent.repair.templates.names import method_swap, swap_arguments, wrong_variable
from myagent.repair.templates.operators import (
    arith_operator,
    boolean_operator,
    comparison_operator,
    division,
)
from myagent.repair.templates.site import LineSite, Mutation

Template = Callable[[LineSite], Iterator[Mutation]]

TEMPLATES: dict[str, Template] = {
    "arith-operator": arith_operator,
    "comparison-operator": comparison_operator,
    "boolean-operator": boolean_operator,
    "division": division,
    "off-by-one": off_by_one,
    "negate-condition": negate_condition,
    "weaken-condition": weaken_condition,
    "strengthen-condition": strengthen_condition,
    "swap-arguments": swap_arguments,
    "wrong-variable": wrong_variable,
    "wrong-literal": wrong_literal,
    "return-value": return_value,
    "none-guard": none_guard,
    "method-swap": method_swap,
    "mirror-statement": mirror_statement,
    "loop-update": loop_update,
}
DEFAULT_CAP = 8
PER_LINE_CAP: dict[str, int] = {"wrong-variable": 12, "off-by-one": 12, "wrong-literal": 12}


def cap(template: str) -> int:
    """How many candidates `template` may propose at one line (the first it yields)."""
    return PER_LINE_CAP.get(template, DEFAULT_CAP)
