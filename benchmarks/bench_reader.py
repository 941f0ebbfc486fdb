"""The scenario reader on large and hostile documents, beside PyYAML's own loaders.

Each case is generated, then read in a fresh child process (so peak memory is the case's own):
by zopa's reader (libyaml events, limits checked while reading), by ``yaml.load`` with
``CSafeLoader`` and with the pure-Python ``SafeLoader`` (which build the whole document first).
Prints seconds and peak resident memory of each and the ratios to zopa's reader; a loader that
ends with an error (zopa's refusal) is marked so.

    python benchmarks/bench_reader.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

CHILD = textwrap.dedent(
    """
    import resource, sys, time
    kind, path = sys.argv[1], sys.argv[2]
    text = open(path, encoding="utf-8").read()
    t0 = time.perf_counter()
    ok = "ok"
    try:
        if kind == "zopa":
            from zopa.model.yamlsafe import parse
            parse(text, path)
        else:
            import yaml
            yaml.load(text, Loader=getattr(yaml, kind))
    except Exception as err:
        ok = type(err).__name__
    dt = time.perf_counter() - t0
    print(dt, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, ok)
    """
)


def _points(n: int) -> str:
    pts = ", ".join(f"[{i}, {(i % 7) / 6:.4f}]" for i in range(n))
    return f"name: x\nparties:\n  a:\n    interests:\n      p: {{weight: 1, points: [{pts}]}}\n"


CASES = {
    "piecewise function, 66,000 points (accepted)": lambda: _points(66_000),
    "flow list, 200,000 mappings (5 MB)": lambda: (
        "name: x\nissues: [" + ", ".join(["{a: 12345678901234}"] * 200_000) + "]\n"
    ),
    "flow list, 850,000 texts (19 MB)": lambda: (
        "name: x\nissues: [" + ", ".join(["abcdefghijklmnopqrst"] * 850_000) + "]\n"
    ),
    "one value of 15,000,000 characters": lambda: "name: " + "a" * 15_000_000 + "\n",
}


def _run(kind: str, path: Path) -> tuple[float, int, str]:
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, kind, str(path)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return float("inf"), 0, "timeout (300 s)"
    parts = done.stdout.split()
    if len(parts) != 3:
        return float("nan"), 0, (done.stderr.strip().splitlines() or ["failed"])[-1][:40]
    return float(parts[0]), int(parts[1]), parts[2]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in CASES.items():
            path = Path(tmp) / "case.yaml"
            path.write_text(make())
            print(f"{name}:")
            base: tuple[float, int, str] | None = None
            for kind in ("zopa", "CSafeLoader", "SafeLoader"):
                secs, mb, ok = _run(kind, path)
                base = base or (secs, mb, ok)
                ratio = f"{secs / base[0]:6.1f}x time, {mb / max(base[1], 1):4.1f}x memory"
                print(f"  {kind:12s} {secs:8.2f} s {mb:6d} MB  {ok:14s} {ratio}")


if __name__ == "__main__":
    main()
