"""Recording analysis commands in the run store: one wrapper put around every analysis
command's callback when the application is assembled, adding ``--store`` and ``--no-record``.

The wrapper opens the store before any work (a store that cannot be used stops the command with
a one-line error, exit 2, suggesting ``--no-record``), saves the scenario texts the command reads
as versions, records the run as running, runs the command and closes the run as done (with the
command's JSON value, handed over by :func:`keep_result`), failed or interrupted. A failure to
close the run never hides the result, which is already printed: it is a warning on stderr.
A run in an existing SQLite store is written with Python's sqlite3 (:mod:`zopa.runs.lite`);
SQLAlchemy is imported only for another store, a new one, or a resumed run."""

from __future__ import annotations

import functools
import inspect
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from zopa.errors import InputError, ZopaError

if TYPE_CHECKING:
    from typer.models import CommandInfo

    from zopa.runs.chunks import Checkpoint, Executor
    from zopa.runs.lite import Recorder
    from zopa.runs.store import Store

RECORDED: tuple[str, ...] = (
    "analyze", "diagnose", "frontier", "solutions", "counter", "what-it-takes", "tradeoff",
    "forecast", "sensitivity", "backtest", "negotiate", "tournament", "outlook", "compare",
    "coalitions", "power", "winset", "deadline", "report",
)  # fmt: skip
"""Commands whose runs are recorded (the analyses; listings and imports are not)."""

CHUNKED: tuple[str, ...] = ("forecast", "sensitivity", "tournament", "outlook", "backtest")
"""Commands that run in resumable chunks: they also take ``--scheduler`` and ``--resume``."""

INPUT_PARAMS = ("scenario", "source", "scenarios", "cases_file")
"""Parameters naming the inputs whose texts are kept as scenario versions."""

OUTPUT_ONLY = frozenset({"as_json", "plot", "csv_path", "out", "last", "top", "limit"})
"""Parameters that change only how a result is shown, not the result."""

StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store",
        help="Run store: a SQLAlchemy URL or SQLite file (default: ZOPA_STORE, else runs.sqlite "
        "in the user data folder).",
        show_default=False,
    ),
]
NoRecordOpt = Annotated[
    bool, typer.Option("--no-record", help="Do not record this run in the run store.")
]


SchedulerOpt = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="Run the chunks on Dask: 'local' (a cluster of one worker per core) or the address "
        "of a running scheduler, tcp://HOST:PORT (default: in this process).",
        show_default=False,
    ),
]
ResumeOpt = Annotated[
    bool,
    typer.Option(
        "--resume", help="Continue the last unfinished run of this command with these arguments."
    ),
]


@dataclass
class Active:
    """The run being recorded in this process."""

    store: Store | Recorder
    run_id: int
    result: Any = None
    has_result: bool = False
    notes: list[str] = field(default_factory=list)


_ACTIVE: ContextVar[Active | None] = ContextVar("zopa_active_run", default=None)
_ARGV: ContextVar[tuple[str, ...] | None] = ContextVar("zopa_argv", default=None)
_RESUME: ContextVar[tuple[int, str | None] | None] = ContextVar("zopa_resume", default=None)
_SCHEDULER: ContextVar[str | None] = ContextVar("zopa_scheduler", default=None)


@dataclass(frozen=True)
class Chunking:
    """How the running command's chunks are kept and run."""

    checkpoint: Checkpoint | None
    executor: Executor
    progress: Callable[[int, int], None]


@contextmanager
def chunking(workers: int | None = None, bar: bool = True) -> Iterator[Chunking]:
    """The checkpoint (when recording), executor (``--scheduler``, else ``workers`` local
    processes) and a progress bar of chunks done (unless ``bar`` is False) for the running
    command's chunks."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from zopa.runs.chunks import Checkpoint
    from zopa.runs.executors import executor_for

    run = _ACTIVE.get()
    checkpoint = None
    if run is not None:
        active_run = run

        def lost(err: Exception) -> None:
            reason = "; ".join(err.lines()) if isinstance(err, ZopaError) else str(err)
            print(
                f"warning: run {active_run.run_id}: chunks are no longer checkpointed ({reason}); "
                "the run goes on, but could not be resumed",
                file=sys.stderr,
            )

        checkpoint = Checkpoint(run.store, run.run_id, on_error=lost)
    err = Console(stderr=True)
    with (
        executor_for(_SCHEDULER.get(), workers) as executor,
        Progress(
            TextColumn("chunks"), BarColumn(), MofNCompleteColumn(), console=err,
            transient=True, disable=not (bar and err.is_terminal),
        ) as shown,
    ):  # fmt: skip
        task = shown.add_task("chunks", total=None)

        def progress(done: int, total: int) -> None:
            shown.update(task, completed=done, total=total)

        yield Chunking(checkpoint, executor, progress)


def active() -> Active | None:
    """The run this command is recorded as, if any (for checkpointing chunks)."""
    return _ACTIVE.get()


def keep_result(data: Any) -> None:
    """Hand the command's JSON value to the run being recorded (no-op when not recording)."""
    run = _ACTIVE.get()
    if run is not None:
        run.result = data
        run.has_result = True


def set_argv(argv: Sequence[str] | None) -> None:
    """Remember the command line (``main`` calls this) so a run can be resumed from it."""
    _ARGV.set(tuple(sys.argv[1:] if argv is None else argv))


@contextmanager
def resuming(run_id: int, store: str | None) -> Iterator[None]:
    """Within this block, the next recorded command continues run ``run_id``."""
    token = _RESUME.set((run_id, store))
    try:
        yield
    finally:
        _RESUME.reset(token)


def install(info: CommandInfo) -> None:
    """Wrap the callback of a registered command if it is recorded (once)."""
    callback = info.callback
    if callback is None or getattr(callback, "__zopa_recorded__", False):
        return
    name = info.name or callback.__name__.replace("_", "-")
    if name in RECORDED:
        info.callback = recorded(name, callback)


def recorded(command: str, callback: Callable[..., Any]) -> Callable[..., Any]:
    """``callback`` with ``--store`` and ``--no-record``, recording its runs."""
    sig = inspect.signature(callback, eval_str=True)
    extra = [
        inspect.Parameter(
            "store", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=StoreOpt
        ),
        inspect.Parameter(
            "no_record", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=NoRecordOpt
        ),
    ]
    if command in CHUNKED:
        extra += [
            inspect.Parameter(
                "scheduler", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=SchedulerOpt
            ),
            inspect.Parameter(
                "resume", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=ResumeOpt
            ),
        ]
    params = [*sig.parameters.values(), *extra]

    @functools.wraps(callback)
    def wrapper(**kwargs: Any) -> Any:
        store = kwargs.pop("store", None)
        no_record = kwargs.pop("no_record", False)
        resume = kwargs.pop("resume", False)
        scheduler = kwargs.pop("scheduler", None)
        if scheduler:
            from zopa.runs.executors import check_scheduler

            check_scheduler(scheduler)
        token = _SCHEDULER.set(scheduler)
        try:
            if no_record:
                if resume:
                    raise InputError.single(
                        "needs the run store; drop --no-record", path="--resume"
                    )
                return callback(**kwargs)
            if resume and _RESUME.get() is None:
                found = unfinished_run(command, kwargs, store)
                if found is None:
                    print("note: no unfinished run to resume; starting a new one", file=sys.stderr)
                else:
                    with resuming(found, store):
                        return _record(command, callback, kwargs, store)
            return _record(command, callback, kwargs, store)
        finally:
            _SCHEDULER.reset(token)

    wrapper.__signature__ = sig.replace(parameters=params)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in params} | {"return": None}
    wrapper.__zopa_recorded__ = True  # type: ignore[attr-defined]
    return wrapper


def _record(
    command: str, callback: Callable[..., Any], kwargs: dict[str, Any], url: str | None
) -> Any:
    from zopa import __version__
    from zopa.runs import StoreError
    from zopa.runs.lite import Recorder, open_recorder

    resume = _RESUME.get()
    if resume is not None:
        _RESUME.set(None)
        url = url or resume[1]
    try:
        store = open_recorder(url, reads=resume is not None)
    except StoreError as err:
        raise StoreError(f"{err} (--no-record runs without the store)") from None
    try:
        inputs = _inputs(kwargs)
        params = _params(kwargs)
        if resume is not None:
            assert not isinstance(store, Recorder)
            run_id = _continue(store, resume[0], command, params, inputs)
        else:
            try:
                run_id = store.start(
                    command, _ARGV.get() or (command,), params, _seed(kwargs), inputs, __version__
                )
            except StoreError as err:  # a store that opens but takes no run
                raise StoreError(f"{err} (--no-record runs without the store)") from None
    except BaseException:
        store.close()
        raise
    run = Active(store, run_id)
    token = _ACTIVE.set(run)
    try:
        value = callback(**kwargs)
    except KeyboardInterrupt:
        _close(run, "interrupted", error="interrupted")
        raise
    except ZopaError as err:
        _close(run, "failed", error="; ".join(err.lines()))
        raise
    except typer.Exit as err:
        _close(run, "done" if err.exit_code == 0 else "failed", error=None)
        raise
    except SystemExit as err:
        _close(run, "done" if err.code in (0, None) else "failed", error=f"exit {err.code}")
        raise
    except BaseException as err:
        _close(run, "failed", error=f"{type(err).__name__}: {err}")
        raise
    else:
        _close(run, "done")
        return value
    finally:
        _ACTIVE.reset(token)
        store.close()


def _continue(
    store: Store, run_id: int, command: str, params: dict[str, Any], inputs: list[tuple[str, str]]
) -> int:
    """Check that a resumed run reads what it read before, and take it over."""
    from zopa.runs import StoreError
    from zopa.runs.store import params_text, sha256

    before = store.get(run_id)
    if before.status == "running":
        raise StoreError(f"run {run_id} is still running (pid {before.pid} on {before.host})")
    if before.command != command or params_text(before.params) != params_text(params):
        raise StoreError(f"run {run_id} was a different command or had other parameters")
    then = {(v.name, v.sha256) for v in before.inputs}
    now = {(name, sha256(text)) for name, text in inputs}
    missing = sorted({name for name, _ in then} - {name for name, _ in now})
    if missing:
        raise StoreError(
            f"run {run_id} read {missing[0]}, which this command line does not reach from "
            f"{Path.cwd()}; resume it from the folder it was started in"
        )
    if then != now:
        raise StoreError(
            f"run {run_id}: its scenario changed since the run started; run it afresh instead"
        )
    store.reopen(run_id)
    return run_id


def _close(run: Active, status: str, error: str | None = None) -> None:
    from zopa.cli._common import to_jsonable

    try:
        result = None
        if run.has_result:
            result = json.dumps(to_jsonable(run.result), indent=2, ensure_ascii=False)
        seed = run.result.get("seed") if isinstance(run.result, dict) else None
        seed = seed if isinstance(seed, int) and not isinstance(seed, bool) else None
        run.store.finish(run.run_id, status, result=result, error=error, seed=seed)
    except Exception as err:  # recording must never cost the user the result
        reason = "; ".join(err.lines()) if isinstance(err, ZopaError) else str(err)
        print(f"warning: run {run.run_id} not recorded as {status}: {reason}", file=sys.stderr)


def unfinished_run(command: str, kwargs: dict[str, Any], url: str | None) -> int | None:
    """The newest unfinished run of ``command`` with these parameters (for ``--resume``)."""
    from zopa.runs import Store

    with Store.open(url) as store:
        return store.unfinished(command, _params(kwargs))


def _params(kwargs: dict[str, Any]) -> dict[str, Any]:
    from zopa.cli._common import to_jsonable

    return {
        k: to_jsonable(str(v) if isinstance(v, Path) else v)
        for k, v in kwargs.items()
        if k not in OUTPUT_ONLY
    }


def _seed(kwargs: dict[str, Any]) -> int | None:
    seed = kwargs.get("seed")
    return seed if isinstance(seed, int) and not isinstance(seed, bool) else None


def _inputs(kwargs: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, text) of every input file or bundled scenario the command names; inputs that
    cannot be read are left to the command to report."""
    from zopa.model.io import bundled_scenarios
    from zopa.model.yamlsafe import read_text

    names: list[str] = []
    for key in INPUT_PARAMS:
        value = kwargs.get(key)
        if isinstance(value, str | Path):
            names.append(str(value))
        elif isinstance(value, list | tuple):
            names += [str(v) for v in value]
    out = []
    bundled: dict[str, Path] | None = None
    for name in names:
        path = Path(name)
        try:
            if path.is_file():
                out.append((str(path.resolve()), read_text(path)))
                continue
            if not path.exists():
                bundled = bundled if bundled is not None else bundled_scenarios()
                if name in bundled:
                    out.append((name, read_text(bundled[name])))
        except (ZopaError, OSError):
            continue
    return out
