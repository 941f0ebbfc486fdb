"""Alembic environment: runs on the connection the store hands over (in its transaction)."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

connection = context.config.attributes["connection"]
assert isinstance(connection, Connection)
context.configure(connection=connection, transactional_ddl=True)
context.run_migrations()
