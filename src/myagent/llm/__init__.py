"""The LLM layer: one small typed interface for every model, plus test fakes.

Vendor SDKs are imported only inside this package (LiteLLM lazily, on first use).
`make_llm` builds the provider a run uses; `BudgetedLLM` enforces the run's budgets
before every call; `myagent.llm.testing` holds the fakes (`ScriptedLLM`, `FunctionLLM`)
and the guard that makes a real call in tests an error.
"""

from myagent.llm.budget import (
    AgentUsage,
    BudgetedLLM,
    BudgetExhaustedError,
    LlmBudget,
    PricedCompletion,
    UsageMeter,
)
from myagent.llm.factory import make_llm
from myagent.llm.provider import LLM, ChatMessage, Completion, LLMError

__all__ = [
    "LLM",
    "AgentUsage",
    "BudgetExhaustedError",
    "BudgetedLLM",
    "ChatMessage",
    "Completion",
    "LLMError",
    "LlmBudget",
    "PricedCompletion",
    "UsageMeter",
    "make_llm",
]
