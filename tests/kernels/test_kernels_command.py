"""``zopa kernels``: which compiled kernels this installation has and uses, and why one is not."""

from __future__ import annotations

import importlib
import importlib.util
import json
from collections.abc import Iterator

import pytest

from zopa.kernels import compiled
from zopa.kernels.compiled import ENV, KERNELS, STANDS_FOR


@pytest.fixture
def fresh_loads() -> Iterator[None]:
    """Forget which kernels loaded, before and after (later loads find them in sys.modules)."""
    compiled._load.cache_clear()
    compiled._PROBLEMS.clear()
    yield
    compiled._load.cache_clear()
    compiled._PROBLEMS.clear()


def test_every_kernel_says_what_it_computes() -> None:
    assert set(STANDS_FOR) == set(KERNELS) and all(STANDS_FOR.values())


def test_json_lists_each_kernel_as_built_when_python_can_find_it(cli, monkeypatch) -> None:
    monkeypatch.delenv(ENV, raising=False)
    r = cli("kernels", "--json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc["env"] == ENV and doc["enabled"] is True
    assert [k["name"] for k in doc["kernels"]] == list(KERNELS)
    for k in doc["kernels"]:
        found = importlib.util.find_spec(k["name"]) is not None  # asked of Python, not zopa
        assert k["built"] is found and k["used"] is found
        assert k["problem"] == (None if found else "not built")


def test_zopa_compiled_0_uses_none_of_them(cli, monkeypatch) -> None:
    monkeypatch.setenv(ENV, "0")
    doc = json.loads(cli("kernels", "--json").out)
    assert doc["enabled"] is False
    assert not any(k["used"] for k in doc["kernels"])
    table = cli("kernels").out
    assert f"{ENV}=0: the numpy code runs everywhere." in table


def test_a_kernel_missing_or_built_for_another_numpy_says_which(
    cli, monkeypatch, fresh_loads
) -> None:
    missing, broken = KERNELS[0], KERNELS[1]
    real = importlib.import_module

    def load(name: str) -> object:
        if name == missing:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        if name == broken:
            raise ImportError("numpy.core.multiarray failed to import\nmore detail")
        return real(name)

    monkeypatch.delenv(ENV, raising=False)
    monkeypatch.setattr(compiled.importlib, "import_module", load)
    found = {k.name: k for k in compiled.states().kernels}
    assert (found[missing].built, found[missing].used) == (False, False)
    assert found[missing].problem == "not built"
    assert found[broken].built is False
    assert found[broken].problem == "ImportError: numpy.core.multiarray failed to import"
    assert compiled.kernel(missing) is None and compiled.kernel(broken) is None
    table = cli("kernels").out
    assert "no: not built" in table and "pip install -e ." in table


def test_a_bad_option_is_one_line_and_exit_2(cli) -> None:
    r = cli("kernels", "--jsn")
    assert r.code == 2 and "Traceback" not in r.err
