"""The wall-clock limit (auditor/alarm.py) holds even when its first expiry lands where Python swallows
exceptions: the fuzz campaign's log showed a template's time limit raised inside a gc callback and lost
("Exception ignored in …"), after which the block would have run on without a limit."""

from __future__ import annotations

import time

import pytest

from auditor.alarm import wall_clock_limit


class Expired(Exception):
    pass


class _SlowToFinalize:
    def __del__(self) -> None:
        time.sleep(60)  # the limit expires in here, and the exception is swallowed


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the swallowed first expiry
def test_an_expiry_swallowed_in_a_finalizer_comes_again_and_stops_the_block() -> None:
    finished = []
    with pytest.raises(Expired):
        with wall_clock_limit(1.0, Expired):
            _SlowToFinalize()  # finalized at once: its __del__ runs here
            time.sleep(60)
            finished.append(True)
    assert not finished


def test_a_limit_inside_another_keeps_the_sooner_and_the_outer_comes_back() -> None:
    with pytest.raises(Expired, match="outer"):
        with wall_clock_limit(1.0, lambda: Expired("outer")):
            with wall_clock_limit(120.0, lambda: Expired("inner")):
                pass  # the inner limit ends at once; the outer keeps its second
            time.sleep(60)
