"""The Coder's prompts: the job, a map of the repository, the files, earlier failures.

Two answer formats, one per strategy:

* `edit`: search/replace edit blocks (`myagent.llm.edits`), for any change to any files,
  new files included;
* `rewrite`: the whole of one function in a code block (`splice.splice_function`),
  which small models manage far more often than exact search text.

A requirement is planned first (`plan_messages`: at most five small steps, one call,
like Aider's architect mode); the plan then goes into every attempt's prompt.

With a vector memory, the functions nearest in meaning to the job's text (`related_code`)
go next to the map. The prompt stays within a budget: the repository map gets
`map_tokens`, each recalled function `related_chars`, each whole file is cut at
`file_chars`, and only the last `max_feedback` failures are shown, each cut at
`feedback_chars` (the end of a traceback says the most, so the end is kept).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from myagent.agents.coder.jobs import Job
from myagent.agents.coder.splice import find_function
from myagent.llm.provider import ChatMessage
from myagent.memory.recall import Recall, RecalledCode

EDIT_SYSTEM = """You are an expert Python developer working on an existing project. \
Make the change you are asked for, completely and correctly, in the project's style.
Answer only with edit blocks, one per change, each in this form:

path/to/file.py
<<<<<<< SEARCH
exact lines copied from the file
=======
the new lines
>>>>>>> REPLACE

The SEARCH part must match the file exactly. To create a new file, leave SEARCH empty \
and put the whole file in the replacement."""

REWRITE_SYSTEM = """You are an expert Python developer working on an existing project. \
You rewrite one function at a time. Answer with the complete new function, signature \
and docstring included, in one ```python code block, and nothing else. If it needs a \
helper, define the helper in the same block; put any new import at the top of the block."""


PLAN_SYSTEM = """You are an expert Python developer planning a change to an existing \
project. Do not write the code yet. List the small steps (at most 5) that implement the \
requirement, one line each, as a Markdown list: which file, which function or class to \
add or change, and which test to add. Nothing else."""


@dataclass(frozen=True)
class PromptLimits:
    map_tokens: int = 1024
    file_chars: int = 12_000
    max_feedback: int = 3
    feedback_chars: int = 1_500
    related: int = 3  # functions recalled from the vector memory by the job's text
    related_chars: int = 1_500  # each


def _clip_tail(text: str, limit: int) -> str:
    return text if len(text) <= limit else "..." + text[-limit:]


def _file_block(path: str, text: str, limit: int) -> str:
    body = text if len(text) <= limit else text[:limit] + "\n# ... (file cut here)\n"
    return f"{path}\n```python\n{body}```"


def plan_messages(job: Job, repo_map: str) -> list[ChatMessage]:
    """The messages asking for a plan of small steps (requirement jobs)."""
    parts = [f"Task: {job.instruction}"]
    if repo_map.strip():
        parts.append(f"Map of the repository (signatures of the most relevant code):\n{repo_map}")
    return [
        ChatMessage(role="system", content=PLAN_SYSTEM),
        ChatMessage(role="user", content="\n\n".join(parts)),
    ]


def plan_steps(text: str, limit: int = 5) -> list[str]:
    """The list items of a planning answer (empty when it holds none)."""
    steps = []
    for line in text.splitlines():
        stripped = line.strip()
        for marker in ("- ", "* ", "+ "):
            if stripped.startswith(marker):
                stripped = stripped[len(marker) :]
                break
        else:
            head, dot, rest = stripped.partition(".")
            if not (dot and head.isdigit()):
                continue
            stripped = rest
        if stripped.strip():
            steps.append(stripped.strip())
    return steps[:limit]


def related_code(
    recall: Recall | None, job: Job, test_dirs: Sequence[str], limits: PromptLimits
) -> list[RecalledCode]:
    """Source functions nearest in meaning to the job's text (the requirement, the goal),
    outside the files the prompt shows whole; none without a vector memory."""
    if recall is None or limits.related <= 0:
        return []
    query = job.requirement.text if job.requirement is not None else job.instruction
    return recall.code(query, limits.related, tests=False, test_dirs=test_dirs, exclude=job.files)


def _related_block(related: Sequence[RecalledCode], limit: int) -> str:
    blocks = []
    for code in related:
        text = code.text if len(code.text) <= limit else code.text[:limit] + "\n# ... (cut here)"
        blocks.append(f"{code.path} ({code.qualname}):\n```python\n{text}\n```")
    return "Related code elsewhere in the project (recalled by meaning):\n" + "\n".join(blocks)


def build_messages(
    job: Job,
    strategy: str,
    read: Callable[[str], str | None],
    repo_map: str,
    feedback: Sequence[str],
    limits: PromptLimits = PromptLimits(),
    plan: Sequence[str] = (),
    related: Sequence[RecalledCode] = (),
) -> list[ChatMessage]:
    """The chat messages for one attempt at `job` with `strategy` ("edit" or "rewrite")."""
    parts = [f"Task: {job.instruction}"]
    if plan:
        parts.append(
            "Plan, step by step:\n" + "\n".join(f"{i}. {s}" for i, s in enumerate(plan, 1))
        )
    if repo_map.strip():
        parts.append(f"Map of the repository (signatures of the most relevant code):\n{repo_map}")
    if related:
        parts.append(_related_block(related, limits.related_chars))
    for path in job.files:
        text = read(path)
        if text is not None:
            parts.append("Current content of " + _file_block(path, text, limits.file_chars))
    if strategy == "rewrite" and job.function is not None:
        path, qualname = job.function
        text = read(path) or ""
        site = find_function(text, qualname)
        if site is not None:
            parts.append(
                f"Rewrite `{qualname}` ({path}, line {site.def_line}). It starts:\n"
                f"```python\n{site.header}\n```"
            )
    if job.failing:
        parts.append("Tests that must pass afterwards: " + ", ".join(job.failing[:10]))
    shown = list(feedback)[-limits.max_feedback :]
    if shown:
        tries = "\n".join(f"- {_clip_tail(f, limits.feedback_chars)}" for f in shown)
        parts.append(f"Earlier attempts failed; do not repeat them:\n{tries}")
    system = REWRITE_SYSTEM if strategy == "rewrite" else EDIT_SYSTEM
    return [
        ChatMessage(role="system", content=system),
        ChatMessage(role="user", content="\n\n".join(parts)),
    ]
