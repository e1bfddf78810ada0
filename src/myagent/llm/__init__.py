"""The LLM layer: one small typed interface for every model, plus test fakes.

Vendor SDKs are imported only inside this package. `myagent.llm.testing` holds the
fakes (`ScriptedLLM`, `FunctionLLM`) and the guard that makes a real call in tests an
error.
"""

from myagent.llm.provider import LLM, ChatMessage, Completion, LLMError

__all__ = ["LLM", "ChatMessage", "Completion", "LLMError"]
