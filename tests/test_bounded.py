"""Pathological content ends with the right outcome, in a process whose memory is capped.

The inputs are those of bench/safety.py (alias bomb, 10 MB abstract, 10,000-deep nesting,
5,000 papers...), which also checks the 10 s and 512 MB limits; here the child process
gets 1 GB of address space, so a blow-up fails with MemoryError instead of passing slowly,
and a generous timeout only guards against a hang.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from conftest import REPO
from safety_report import TALLY, count_traceback

_spec = importlib.util.spec_from_file_location("bench_safety", REPO / "bench" / "safety.py")
assert _spec and _spec.loader
bench = sys.modules["bench_safety"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

HANG_GUARD = 300.0
# What the first problem line says for each case that must be refused.
REFUSALS = {
    "bomb": "content/papers/x.md:7: YAML aliases (*l0) are not supported: write the value out",
    "deep": "content/papers/x.md:6: nested more than 32 levels deep",
    "deep-block": "content/profile.yaml:35: nested more than 32 levels deep",
}


@pytest.mark.parametrize("case", bench.CASES, ids=[case.name for case in bench.CASES])
def test_pathological_input_finishes_with_the_right_outcome(tmp_path: Path, case: object) -> None:
    bench.prepare(case, tmp_path)
    TALLY.pathological += 1
    outcome = bench.measure(tmp_path, timeout=HANG_GUARD)
    assert not count_traceback(outcome.stderr), outcome.stderr
    assert outcome.code == case.code, outcome.stderr[-2000:]
    if case.code == 0:
        assert outcome.stderr == ""
        assert (tmp_path / "output" / "index.html").is_file()
    else:
        assert outcome.stderr.splitlines()[0] == REFUSALS[case.name]
        assert not (tmp_path / "output").exists()
