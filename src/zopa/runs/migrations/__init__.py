"""Alembic migrations of the run store, applied programmatically when a store is opened."""
