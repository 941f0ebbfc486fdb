"""Seeds: one meaning of None, located errors, child streams equal to numpy's spawned ones."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zopa.errors import InputError
from zopa.seeds import as_seed, child, child_seed, generator


def test_none_means_seed_zero_everywhere() -> None:
    assert as_seed(None) == 0
    a = generator(None).random(8)
    b = np.random.default_rng(0).random(8)
    assert a.tobytes() == b.tobytes()


def test_a_generator_is_used_as_given_or_gives_one_seed() -> None:
    g = np.random.default_rng(5)
    assert generator(g) is g
    expected = int(np.random.default_rng(5).integers(2**63))
    assert as_seed(np.random.default_rng(5)) == expected


@pytest.mark.parametrize("bad", [-1, 1.5, "3", True])
def test_bad_seeds_are_located_input_errors(bad: object) -> None:
    with pytest.raises(InputError) as info:
        as_seed(bad)  # type: ignore[arg-type]
    assert info.value.problems[0].path == "seed"
    assert "non-negative integer" in info.value.problems[0].message


@given(st.integers(0, 2**64), st.integers(1, 40), st.data())
def test_child_streams_are_numpys_spawned_streams(seed: int, n: int, data: st.DataObject) -> None:
    i = data.draw(st.integers(0, n - 1))
    spawned = np.random.default_rng(np.random.SeedSequence(seed).spawn(n)[i])
    assert child(seed, i).bytes(32) == spawned.bytes(32)


@given(st.integers(0, 2**64), st.tuples(st.integers(0, 9), st.integers(0, 9), st.integers(0, 9)))
def test_child_seed_is_the_halved_first_state_word(seed: int, key: tuple[int, int, int]) -> None:
    word = np.random.SeedSequence(seed, spawn_key=key).generate_state(1, np.uint64)[0]
    got = child_seed(seed, *key)
    assert got == int(word) // 2
    assert 0 <= got < 2**63


def _public_callables() -> list[tuple[str, object]]:
    import importlib
    import inspect
    import pkgutil

    import zopa

    found: list[tuple[str, object]] = []
    for info in pkgutil.walk_packages(zopa.__path__, "zopa."):
        if any(part.startswith("_") for part in info.name.split(".")[1:]):
            continue
        if info.name.startswith(("zopa.cli", "zopa.web", "zopa.runs.migrations")):
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != info.name:
                continue
            if inspect.isfunction(obj):
                found.append((f"{info.name}.{name}", obj))
            elif inspect.isclass(obj):
                found += [
                    (f"{info.name}.{name}.{m}", f)
                    for m, f in vars(obj).items()
                    if not m.startswith("_") and inspect.isfunction(f)
                ]
    return found


def test_a_parameter_that_takes_a_seed_is_called_seed() -> None:
    """``rng`` names a Generator shared with the caller; anything that also takes an integer
    seed is a seed and is called ``seed`` (module docstring of ``zopa.seeds``)."""
    import inspect

    callables = _public_callables()
    assert len(callables) > 200  # the walk does reach the library
    wrong = []
    for where, f in callables:
        param = inspect.signature(f).parameters.get("rng")  # type: ignore[arg-type]
        if param is None:
            continue
        note = str(param.annotation)
        if any(word in note for word in ("int", "SeedLike", "RngLike")):
            wrong.append(f"{where}: rng: {note}")
    assert not wrong, wrong
