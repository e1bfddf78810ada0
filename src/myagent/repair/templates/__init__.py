"""Fix templates: candidate patches at the most suspicious lines, made on the syntax
tree with LibCST so that only the mutated node changes.

`generate_patches` is the entry point; `TEMPLATES` names one template per defect class
(see `catalog`). Each family has its own module: `operators` (arith-operator,
comparison-operator, boolean-operator, division), `bounds` (off-by-one), `conditions`
(negate-, weaken-, strengthen-condition), `names` (wrong-variable, swap-arguments,
method-swap), `literals` (wrong-literal, return-value), `guards` (none-guard), `loops`
(loop-update) and `mirror` (mirror-statement, with `analogy` for statement patterns and
opposites). Shared: `source` (parsing, formatting-preserving text edits), `site` (what a
template sees of one line), `expressions` (builders) and `generate` (the ordering).
"""

from myagent.repair.templates.catalog import TEMPLATES
from myagent.repair.templates.generate import generate_patches

__all__ = ["TEMPLATES", "generate_patches"]
