"""End a one-shot command's process without tearing down its heap.

A large run leaves millions of objects alive at exit. Python frees every one of them when the
exception that ends the command unwinds its frames, then again clears each module: 1.1 s at
exit of a 100k-task pull-request check, for memory the kernel reclaims at once anyway. The
console script ends with `os._exit` instead, once everything a normal exit does that anyone
can observe is done: exit handlers run (multiprocessing's, logging's, tempfile's) and the
standard streams flushed. The same trick as Instagram's (`atexit.register(os._exit, 0)`), at
the end of a command.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from collections.abc import Callable
from typing import NoReturn


def run_and_exit(command: Callable[[], object]) -> NoReturn:
    """Call `command` (a click entry point in standalone mode, which raises SystemExit) and end
    the process with its status, skipping the teardown where that is safe."""
    try:
        command()
        status: object = 0
    except SystemExit as exc:
        status = exc.code
        # still in the handler: the frames the exception holds keep the run's objects alive
        if not _others_running():
            exit_now(status)
        raise
    if not _others_running():
        exit_now(status)
    sys.exit(0)


def _others_running() -> bool:
    """True while a non-daemon thread other than this one runs: a normal exit joins it."""
    me = threading.current_thread()
    return any(t is not me and not t.daemon and t.is_alive() for t in threading.enumerate())


def exit_now(status: object) -> NoReturn:
    """Exit with `status` as `sys.exit` reads it (None 0, an int itself, anything else printed
    to stderr and 1), after the exit handlers and with the standard streams flushed."""
    if status is None:
        code = 0
    elif isinstance(status, int):
        code = status
    else:
        print(status, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: a normal exit ignores it too
            pass
    os._exit(code)
