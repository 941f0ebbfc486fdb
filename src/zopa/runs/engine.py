"""Opening a store: the URL checked, the engine made (SQLite in WAL mode with immediate write
transactions, so concurrent writers wait instead of failing), the schema brought up to date
with Alembic, and every database error turned into one line naming the store."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from zopa.runs import schema
from zopa.runs.errors import StoreError
from zopa.runs.schema import BUSY_SECONDS, SCHEMA_REVISION

_CACHE_SIZE = 4
_ENGINES: OrderedDict[tuple[str, tuple[str, ...]], Engine] = OrderedDict()

_PG_LOCK = 0x7A6F7061  # advisory lock key ("zopa") held while migrating a PostgreSQL store


def describe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return url


@contextmanager
def store_errors(url: str) -> Iterator[None]:
    """Turn database and file-system errors into a one-line :class:`StoreError`."""
    try:
        yield
    except StoreError:
        raise
    except SQLAlchemyError as err:
        raise StoreError(f"run store {describe(url)}: {_reason(err)}") from None
    except OSError as err:
        raise StoreError(f"run store {describe(url)}: {err.strerror or err}") from None


def _reason(err: BaseException) -> str:
    orig = getattr(err, "orig", None)
    message = str(orig if orig is not None else err).strip()
    return (message.splitlines() or [type(err).__name__])[0]


def parse_url(url: str) -> URL:
    """The SQLAlchemy URL, ``postgresql://`` meaning psycopg 3; a bad URL is a StoreError."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise StoreError(
            f"bad store URL {url!r}: expected a SQLAlchemy URL such as sqlite:///path/runs.sqlite "
            "or postgresql+psycopg://user@host/db"
        ) from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
        raise StoreError(
            f"bad store URL {url!r}: a SQLite store in memory keeps nothing; name a file, "
            "such as sqlite:///path/runs.sqlite"
        )
    return parsed


def open_engine(url: str) -> Engine:
    """The engine of a store whose schema is up to date.

    Engines are kept for the life of the process (a few, the most recent), so commands run
    one after another in one process reuse their connections and compiled statements; the
    schema revision is checked on every open all the same."""
    key = (url, tuple(schema.SQLITE_PRAGMAS))
    engine = _ENGINES.pop(key, None) or make_engine(url)
    try:
        ensure_schema(engine, url)
    except BaseException:
        engine.dispose()
        raise
    _ENGINES[key] = engine
    while len(_ENGINES) > _CACHE_SIZE:
        _ENGINES.popitem(last=False)[1].dispose()
    return engine


def make_engine(url: str) -> Engine:
    """An engine for ``url``; a SQLite file's folder is created on first use."""
    parsed = parse_url(url)
    sqlite = parsed.get_backend_name() == "sqlite"
    if sqlite:
        folder = Path(parsed.database or "").parent
        with store_errors(url):
            folder.mkdir(parents=True, exist_ok=True)
    try:
        kwargs: dict[str, Any] = {}
        if sqlite:
            kwargs["connect_args"] = {"timeout": BUSY_SECONDS}
        engine = create_engine(parsed, **kwargs)
    except (NoSuchModuleError, ArgumentError, ImportError) as err:
        raise StoreError(f"bad store URL {describe(url)}: {_reason(err)}") from None
    if sqlite:
        _sqlite_events(engine)
    return engine


def _sqlite_events(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # transactions begun below, not by the driver
        cursor = dbapi_connection.cursor()
        try:
            for pragma in schema.SQLITE_PRAGMAS:
                cursor.execute(f"PRAGMA {pragma}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def ensure_schema(engine: Engine, url: str) -> None:
    """Bring the store's schema to :data:`SCHEMA_REVISION`, creating it on first use.

    One process migrates at a time (SQLite's write lock, PostgreSQL's advisory lock); a store
    written by a newer zopa, or a database that is not a zopa store, is refused untouched."""
    with store_errors(url), engine.connect() as conn:
        if _revision(conn) == SCHEMA_REVISION:
            return
    with store_errors(url), engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
        current = _revision(conn)
        if current == SCHEMA_REVISION:
            return
        known = _known_revisions()
        if current is not None and current not in known:
            raise StoreError(
                f"run store {describe(url)} has schema revision {current!r}, written by a newer "
                f"zopa (this one knows up to {SCHEMA_REVISION!r}); upgrade zopa to use it"
            )
        if current is None and inspect(conn).has_table("runs"):
            raise StoreError(
                f"run store {describe(url)}: the database has a 'runs' table but no zopa schema "
                "version; point the store at a new database or file"
            )
        _upgrade(conn)


def _revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return str(rows[0]) if rows else None


def _config(conn: Connection | None = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "zopa.runs:migrations")
    if conn is not None:
        cfg.attributes["connection"] = conn
    return cfg


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config())
    return {rev.revision for rev in script.walk_revisions()}


def head_revision() -> str | None:
    """The newest revision among the shipped migrations."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def _upgrade(conn: Connection) -> None:
    from alembic import command

    command.upgrade(_config(conn), "head")
