"""The whole ledger schema: every model module imported, all tables on one metadata.

The Alembic environment and the check that the migrations match the models read
`metadata` from here, never `Base.metadata` directly, which holds only the tables of
the model modules imported so far.
"""

from __future__ import annotations

from sqlalchemy import MetaData

from myagent.storage import error_graph_models, models, pattern_models
from myagent.storage.base import Base

MODEL_MODULES = (models, error_graph_models, pattern_models)
metadata: MetaData = Base.metadata

__all__ = ["MODEL_MODULES", "metadata"]
