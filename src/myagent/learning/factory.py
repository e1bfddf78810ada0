"""Opening the Learning Engine of a project from its `[learning]` settings."""

from __future__ import annotations

from pathlib import Path

from myagent.config import LearningConfig
from myagent.learning.engine import LearningEngine
from myagent.memory.patterns import PatternStore
from myagent.storage.db import Database, open_database


def user_store_url(user_store: str) -> str:
    """The database URL of `[learning] user_store`: a URL as given, a path (`~`
    expanded) as an SQLite file."""
    value = user_store.strip()
    if "://" in value:
        return value
    return f"sqlite+pysqlite:///{Path(value).expanduser().absolute()}"


def open_learning(
    config: LearningConfig, db: Database, project_id: int
) -> tuple[LearningEngine | None, Database | None]:
    """The project's engine (None when `[learning] enabled = false`) and the user-level
    store's database when one is configured (the caller closes it). A user store that
    cannot be opened raises `StorageError` with one line."""
    if not config.enabled:
        return None, None
    user_db = (
        open_database(user_store_url(config.user_store)) if config.user_store.strip() else None
    )
    user = PatternStore(user_db, None) if user_db is not None else None
    engine = LearningEngine(PatternStore(db, project_id), user, threshold=config.threshold)
    return engine, user_db
