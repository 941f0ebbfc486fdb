"""The typer application every command module registers on, and the click group that runs it.

The group knows the commands from :data:`zopa.cli._commands.COMMANDS`, not from the modules:
``zopa NAME`` imports NAME's module and builds that one command (typer inspects each command's
signature and makes a click parameter of each of its parameters), and ``zopa --help`` lists the
commands from the table without importing any of their modules. Every command's parameters
build their coercion only for a value given (:mod:`zopa.cli._coercion`).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator, MutableMapping
from contextlib import contextmanager
from importlib import import_module
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup
from typer.main import get_command_from_info, get_group_from_info
from typer.models import CommandInfo

from zopa.cli._coercion import coerce_when_given
from zopa.cli._commands import COMMANDS


class _Commands(MutableMapping[str, Any]):
    """The root group's commands by name, in the table's order, each built when first asked
    for; while the group lists them (help, completion) the table's summaries stand in."""

    def __init__(self, build: Callable[[str], Any]) -> None:
        self._build = build
        self._built: dict[str, Any] = {}
        self._rows = {name: summary for name, _, summary in COMMANDS}
        self.listing = False

    def __getitem__(self, name: str) -> Any:
        if name not in self._rows:
            return self._built[name]
        if self.listing:
            return TyperCommand(name=name, help=self._rows[name])
        if name not in self._built:
            self._built[name] = self._build(name)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        self._rows.pop(name, None)
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        yield from self._rows
        yield from (name for name in self._built if name not in self._rows)

    def __len__(self) -> int:
        return len(set(self._rows) | set(self._built))


class ZopaCommand(TyperCommand):
    """A command whose parameters build their coercion for a value only (help included)."""

    def get_params(self, ctx: Any) -> list[Any]:
        return coerce_when_given(super().get_params(ctx))


class ZopaGroup(TyperGroup):
    """A command group whose parameters build their coercion for a value only."""

    def get_params(self, ctx: Any) -> list[Any]:
        return coerce_when_given(super().get_params(ctx))


class LazyGroup(ZopaGroup):
    """The root group: builds only the command that is run (see the module's docstring)."""

    def __init__(self, **attrs: Any) -> None:
        # typer hands over the commands registered so far (in a test process, perhaps all of
        # them); each is built again, when asked for, from its prepared registration.
        attrs["commands"] = None
        super().__init__(**attrs)
        self.commands = _Commands(_build)

    @contextmanager
    def _listing(self) -> Iterator[None]:
        commands = self.commands
        assert isinstance(commands, _Commands)
        commands.listing = True
        try:
            yield
        finally:
            commands.listing = False

    def format_help(self, ctx: Any, formatter: Any) -> None:
        with self._listing():
            super().format_help(ctx, formatter)

    def shell_complete(self, ctx: Any, incomplete: str) -> Any:
        with self._listing():
            return super().shell_complete(ctx, incomplete)


def _build(name: str) -> Any:
    """The click command (or group) ``name``, from its module's registration on :data:`app`."""
    module = next(module for command, module, _ in COMMANDS if command == name)
    import_module(f"zopa.cli.{module}")
    settings: dict[str, Any] = {
        "pretty_exceptions_short": app.pretty_exceptions_short,
        "rich_markup_mode": app.rich_markup_mode,
    }
    for info in app.registered_commands:
        if info.name == name:
            prepare(info)
            return get_command_from_info(info, **settings)
    group = next(g for g in app.registered_groups if g.name == name)
    assert group.typer_instance is not None
    for info in group.typer_instance.registered_commands:
        prepare(info)
    return get_group_from_info(group, suggest_commands=app.suggest_commands, **settings)


def prepare(info: CommandInfo) -> None:
    """Give a registered command its class, its help (the docstring reflowed) and, for an
    analysis, the run store's options (:mod:`zopa.cli._record`); once."""
    from zopa.cli._record import install

    if info.cls in (None, TyperCommand):
        info.cls = ZopaCommand
    if info.help is None and info.callback is not None and info.callback.__doc__:
        info.help = reflow(info.callback.__doc__)
    install(info)


def reflow(doc: str) -> str:
    """A docstring as help text: its paragraphs kept, the line breaks inside each (where the
    source was wrapped) joined, so the terminal wraps the text to its own width."""
    paragraphs = inspect.cleandoc(doc).split("\n\n")
    return "\n\n".join(" ".join(p.split("\n")) for p in paragraphs)


app = typer.Typer(
    name="zopa",
    help="Negotiation analysis: model a deal, diagnose proposals, map the agreement space, "
    "find counter-proposals, forecast and simulate bargaining.",
    cls=LazyGroup,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        from zopa import __version__

        print(f"zopa {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """Negotiation analysis: model a deal, diagnose proposals, map the agreement space, find
    counter-proposals, forecast and simulate bargaining."""


def load_all() -> typer.Typer:
    """:data:`app` with every command registered and prepared (for tests and listings)."""
    for module in dict.fromkeys(module for _, module, _ in COMMANDS):
        import_module(f"zopa.cli.{module}")
    for info in app.registered_commands:
        prepare(info)
    for group in app.registered_groups:
        assert group.typer_instance is not None
        for info in group.typer_instance.registered_commands:
            prepare(info)
    return app
