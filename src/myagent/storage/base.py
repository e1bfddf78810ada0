"""The declarative base every ledger model derives from.

One `MetaData` with deterministic constraint names (later migrations refer to them on
both backends) and the column types shared by all models. It holds only the tables of
the model modules that were imported: `storage.schema` imports all of them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, MetaData
from sqlalchemy.orm import DeclarativeBase

from myagent.storage.types import CleanText, UtcDateTime

# Deterministic constraint names, so later migrations can refer to them on both backends.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base: every model shares one metadata with the naming convention."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {str: CleanText(), datetime: UtcDateTime(), dict[str, Any]: JSON()}
