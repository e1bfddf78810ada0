"""MyAgent: a continuous-development engine for Python projects.

Agents propose candidate changes; the quality model judges them in a sandboxed
worktree; only changes that make the project measurably better are kept.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
