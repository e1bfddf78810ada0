"""Alembic migrations of the ledger schema (run by `myagent.storage.migrate`)."""
