"""Library parameters as command-line flags in error messages.

The library names its parameters (a problem located at ``path="top"`` reads
``top must be at least 1``); the command line reports the same problem with the flag that sets
the parameter (``--top must be at least 1``).
"""

from __future__ import annotations

from zopa.errors import InputError, Problem, ZopaError

#: Library parameter -> the flag that sets it.
FLAGS: dict[str, str] = {
    "draws": "--draws",
    "jobs": "--jobs",
    "levels": "--levels",
    "limit": "--limit",
    "margin": "--margin",
    "max_outcomes": "--max-outcomes",
    "method": "--method",
    "model": "--model",
    "outlook_draws": "--outlook",
    "plot": "--plot",
    "rank": "--rank",
    "repetitions": "--repetitions",
    "rounds": "--rounds",
    "rule": "--rule",
    "salience_max": "--salience-max",
    "samples": "--samples",
    "scale": "--scale",
    "seed": "--seed",
    "steps": "--steps",
    "top": "--top",
    "variant": "--variant",
    "within": "--within",
}


def as_flag(problem: Problem) -> Problem:
    """``problem`` with a parameter's name replaced by its flag (other problems unchanged)."""
    flag = FLAGS.get(problem.path)
    if flag is None or problem.file is not None or problem.line is not None:
        return problem
    name = problem.path
    if problem.message.startswith(name + " "):
        return Problem(None, None, "", flag + problem.message[len(name) :])
    return Problem(None, None, flag, problem.message)


def error_lines(err: ZopaError) -> list[str]:
    """The error's one-line messages as the command line prints them."""
    if isinstance(err, InputError):
        return [str(as_flag(p)) for p in err.problems]
    return err.lines()
