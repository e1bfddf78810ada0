"""Pattern nodes of the error graph: the common cause behind each kind of fix, and how
to prevent it. Keyed by the fix strategy (a template name, or "llm"/"known-fix")."""

from __future__ import annotations

# strategy family -> (pattern name, common causes, prevention)
PATTERNS: dict[str, tuple[str, str, str]] = {
    "arith-operator": (
        "wrong arithmetic operator",
        "an operator typed or copied wrongly",
        "test results, not only that code runs",
    ),
    "comparison-operator": (
        "wrong comparison at a boundary",
        "strict vs inclusive comparison confused",
        "test values on both sides of every boundary",
    ),
    "boolean-operator": (
        "wrong boolean connective",
        "and/or confused when combining conditions",
        "test each condition alone and combined",
    ),
    "off-by-one": (
        "off-by-one",
        "an index, range or bound one too far or short",
        "test the first, last and empty cases",
    ),
    "negate-condition": (
        "inverted condition",
        "a condition tests the opposite of its intent",
        "name conditions after what they check",
    ),
    "weaken-condition": (
        "condition too strict",
        "an extra requirement excludes valid cases",
        "test the cases the condition should admit",
    ),
    "strengthen-condition": (
        "condition too weak",
        "a missing requirement admits invalid cases",
        "test the cases the condition should reject",
    ),
    "swap-arguments": (
        "arguments swapped",
        "positional arguments of the same type in the wrong order",
        "call with keyword arguments",
    ),
    "wrong-variable": (
        "wrong variable",
        "a similar name of the same scope used by mistake",
        "use distinct, descriptive names",
    ),
    "wrong-literal": (
        "wrong constant",
        "a literal or constant with the wrong value",
        "name constants and test their effect",
    ),
    "return-value": (
        "wrong return value",
        "the function returns the wrong value on some path",
        "test every return path",
    ),
    "none-guard": (
        "missing None/empty guard",
        "None or an empty collection reaches code that needs a value",
        "handle the empty case first; type Optional values",
    ),
    "method-swap": (
        "wrong method",
        "a similar method of the same object (append/extend, keys/items)",
        "test the shape of results",
    ),
    "division": (
        "integer vs float division",
        "/ and // confused",
        "test with values that do not divide evenly",
    ),
    "mirror-statement": (
        "missing mirrored statement",
        "one branch or case lacks an update its sibling has",
        "keep parallel branches side by side in review",
    ),
    "loop-update": (
        "missing loop update",
        "a while loop never advances its variable (hangs)",
        "prefer for loops; test termination",
    ),
    "llm": (
        "model-proposed fix",
        "found by a language model from the failing tests",
        "add a regression test",
    ),
    "known-fix": (
        "recurring error",
        "a fault seen and fixed before came back",
        "add a regression test for the fix",
    ),
}


def pattern_for(strategy: str) -> tuple[str, str, str]:
    family = strategy.removeprefix("template:").split("@", 1)[0]
    return PATTERNS.get(family, (family, "", ""))
