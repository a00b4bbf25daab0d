"""Run a Python script (`peak.py SCRIPT ARGS...`) or code (`peak.py -c CODE ARGS...`) and write
its peak resident memory to stderr at exit, as `peak-kB N`.

The peak is this process's VmHWM from /proc: the high-water mark of its own memory since it
started. The rusage a parent gets from wait4 is no use here: on Linux a child's ru_maxrss
starts from the memory of the (large) benchmark process it was forked from.
"""

from __future__ import annotations

import atexit
import runpy
import sys
from pathlib import Path

PREFIX = "peak-kB"


def write_peak() -> None:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            sys.stderr.write(f"\n{PREFIX} {line.split()[1]}\n")


def main() -> None:
    atexit.register(write_peak)
    if sys.argv[1] == "-c":
        code, sys.argv = sys.argv[2], ["-c", *sys.argv[3:]]
        exec(compile(code, "<bench>", "exec"), {"__name__": "__main__"})
    else:
        sys.argv = sys.argv[1:]
        sys.path.insert(0, str(Path(sys.argv[0]).resolve().parent))
        runpy.run_path(sys.argv[0], run_name="__main__")


if __name__ == "__main__":
    main()
