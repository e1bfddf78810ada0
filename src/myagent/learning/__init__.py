"""The Learning Engine: what worked for which kind of problem, and the order it implies.

* `learning.engine`: `LearningEngine` (learn_from_success / learn_from_failure /
  suggest_solution / rank);
* `learning.posterior`: success counts as Beta posteriors (mean, lower credible bound);
* `learning.factory`: the engine of a project from its `[learning]` settings;
* `learning.repair`: what the Debugger learns from its checks and verdicts.

The pattern store it reads and writes is `myagent.memory.patterns` (this package
imports nothing here, so `memory.patterns` can use `learning.posterior`).

    engine = LearningEngine(PatternStore(db, project_id))
    engine.learn_from_success(Problem.error("KeyError"), "template:none-guard", solution)
    engine.rank(Problem.error("KeyError"), ["template:off-by-one", "template:none-guard"])
"""
