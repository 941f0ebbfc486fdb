"""The generic registry: duplicates refused, look-up errors with suggestions, registration
order, temporary registrations; and the registries built on it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zopa.analysis import SECTIONS
from zopa.errors import InputError
from zopa.forecast.registry import MODELS
from zopa.frontier import SOLUTIONS
from zopa.negotiate.registry import PROTOCOLS, STRATEGIES
from zopa.registry import Registry


def test_duplicates_are_refused_and_the_first_entry_stays() -> None:
    reg: Registry[int] = Registry("colour")
    reg.add("red", 1)
    with pytest.raises(ValueError, match="colour 'red' is already registered"):
        reg.add("red", 2)
    assert reg["red"] == 1


def test_unknown_name_is_a_located_input_error_with_suggestions() -> None:
    reg: Registry[int] = Registry("colour", path="options.colour")
    for i, name in enumerate(["red", "green", "blue"]):
        reg.add(name, i)
    with pytest.raises(InputError) as info:
        reg["gren"]
    (problem,) = info.value.problems
    assert problem.path == "options.colour"
    assert problem.message == (
        "unknown colour 'gren' (did you mean 'green'?); known: red, green, blue"
    )


def test_no_suggestion_when_nothing_is_close() -> None:
    reg: Registry[int] = Registry("colour")
    reg.add("red", 0)
    with pytest.raises(InputError, match=r"unknown colour 'xyzzy'; known: red$"):
        reg["xyzzy"]
    empty: Registry[int] = Registry("shape")
    with pytest.raises(InputError, match="known: none"):
        empty["circle"]


@given(st.lists(st.text(min_size=1, max_size=8), unique=True, max_size=20))
def test_listing_follows_registration_order(names: list[str]) -> None:
    reg: Registry[int] = Registry("thing")
    for i, name in enumerate(names):
        reg.add(name, i)
    assert list(reg) == names == reg.names()
    assert list(reg.values()) == list(range(len(names)))
    assert len(reg) == len(names)
    assert all(name in reg for name in names)


def test_replace_keeps_position_and_needs_a_registered_name() -> None:
    reg: Registry[int] = Registry("thing")
    reg.add("a", 1)
    reg.add("b", 2)
    reg.replace("a", 10)
    assert list(reg.items()) == [("a", 10), ("b", 2)]
    with pytest.raises(KeyError):
        reg.replace("c", 3)


def test_get_and_contains_do_not_raise() -> None:
    reg: Registry[int] = Registry("thing")
    reg.add("a", 1)
    assert reg.get("a") == 1
    assert reg.get("b") is None
    assert reg.get("b", 7) == 7
    assert "b" not in reg


def test_temporary_registration_is_undone_even_on_error() -> None:
    reg: Registry[int] = Registry("thing")
    reg.add("a", 1)
    with reg.temporary("b", 2) as entry:
        assert entry == 2
        assert list(reg) == ["a", "b"]
    assert list(reg) == ["a"]
    with pytest.raises(RuntimeError), reg.temporary("b", 3):
        raise RuntimeError
    assert "b" not in reg
    with pytest.raises(ValueError), reg.temporary("a", 5):
        pass
    assert reg["a"] == 1


def test_restored_undoes_every_registration_in_the_block() -> None:
    reg: Registry[int] = Registry("thing")
    reg.add("a", 1)
    with reg.restored():
        reg.add("b", 2)
        reg.replace("a", 9)
        assert list(reg.items()) == [("a", 9), ("b", 2)]
    assert list(reg.items()) == [("a", 1)]


def test_loader_runs_once_before_the_first_look_up() -> None:
    calls: list[int] = []
    reg: Registry[int] = Registry("thing")

    def load() -> None:
        calls.append(1)
        reg.add("loaded", 1)

    reg = Registry("thing", load=load)
    assert calls == []
    assert list(reg) == ["loaded"]
    assert reg["loaded"] == 1
    assert calls == [1]


def test_the_library_registries_suggest_close_names() -> None:
    cases = [
        (SOLUTIONS, "nahs", "nash"),
        (STRATEGIES, "bouleware", "boulware"),
        (PROTOCOLS, "alternating-offer", "alternating"),
        (SECTIONS, "counter", "counters"),
        (MODELS, "chalenge", "challenge"),
    ]
    for registry, wrong, right in cases:
        assert right in registry
        with pytest.raises(InputError, match=f"did you mean '{right}'"):
            registry[wrong]


def test_a_look_up_during_loading_in_another_thread_waits_for_the_whole_registry() -> None:
    import threading

    started, proceed = threading.Event(), threading.Event()
    reg: Registry[int] = Registry("colour")

    def load() -> None:
        reg.add("red", 1)
        started.set()
        proceed.wait(10)
        reg.add("green", 2)

    reg = Registry("colour", load=load)
    seen: list[list[str]] = []
    first = threading.Thread(target=lambda: seen.append(reg.names()))
    first.start()
    assert started.wait(10)
    second = threading.Thread(target=lambda: seen.append(reg.names()))
    second.start()
    second.join(0.2)
    assert second.is_alive()  # it waits for the loader instead of reading half a registry
    proceed.set()
    first.join(10)
    second.join(10)
    assert seen == [["red", "green"], ["red", "green"]]
    assert reg.registered("blue") is None and reg.registered("red") == 1
