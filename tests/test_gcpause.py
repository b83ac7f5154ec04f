"""The collector settings around tasks: young garbage collected once per task, settings restored."""

from __future__ import annotations

import gc
import threading
import weakref

from engine.gcpause import TASK_THRESHOLD, young_collected


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the cyclic collector frees it


def test_a_tasks_cyclic_garbage_is_freed_when_it_ends_and_the_threshold_comes_back() -> None:
    before = gc.get_threshold()
    with young_collected():
        assert gc.get_threshold() == (TASK_THRESHOLD, *before[1:])
        node = _Node()
        ref = weakref.ref(node)
        del node
        assert ref() is not None  # not collected after a handful of allocations
    assert ref() is None
    assert gc.get_threshold() == before


def test_nested_and_concurrent_tasks_restore_the_threshold_only_when_the_last_ends() -> None:
    before = gc.get_threshold()
    inside, release = threading.Event(), threading.Event()

    def other() -> None:
        with young_collected():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=other)
    with young_collected():
        thread.start()
        assert inside.wait(5)
    assert gc.get_threshold()[0] == TASK_THRESHOLD  # the other thread's task still runs
    release.set()
    thread.join(5)
    assert gc.get_threshold() == before


def test_the_threshold_comes_back_when_the_task_raises() -> None:
    before = gc.get_threshold()
    try:
        with young_collected():
            raise ValueError("a task's error")
    except ValueError:
        pass
    assert gc.get_threshold() == before
