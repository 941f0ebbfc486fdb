"""Parameters that build their coercion only when they have a value to coerce.

typer (in the releases that coerce values through pydantic) builds a parameter's coercion, a
pydantic validator and so the pydantic import, the first time the parameter is processed, even
when there is no value to coerce: an option not given whose default is None (``--help``,
``--store``, ``--plot``, ...), which typer's ``RuntimeParam.coerce`` answers before coercing.
:func:`coerce_when_given` gives each parameter a stand-in that answers the same and builds
typer's own coercion for the first value, so that a command pays only for what it is given.
"""

from __future__ import annotations

from typing import Any

try:
    from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
    from typer.core import _TyperParameter
except ImportError:  # a typer release without runtime coercion: nothing is built up front

    def coerce_when_given(params: list[Any]) -> list[Any]:
        """``params`` as they are."""
        return params

else:
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class _WhenGiven(RuntimeParam):
        """typer's coercion of a parameter, built for the first value (None needs none)."""

        descriptor: TypeDescriptor

        def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Any) -> Any:
            runtime = build_runtime_param(self.descriptor)
            param._runtime_param = runtime
            return runtime._coerce_value(value, param=param, ctx=ctx)

    def coerce_when_given(params: list[Any]) -> list[Any]:
        """``params``, each with its coercion built only for a value."""
        for param in params:
            if isinstance(param, _TyperParameter) and param._runtime_param is None:
                desc = param.type_descriptor
                param._runtime_param = _WhenGiven(desc.parameter_info, desc.annotation, desc)
        return params
