"""A small bank ledger."""
