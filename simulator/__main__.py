"""``python -m simulator``: see :mod:`simulator.cli`."""

from __future__ import annotations

import os
import sys

from simulator.cli import main

__all__ = ["main"]


def _run() -> int:
    """Run the CLI; a reader that stops early (``| head``) is not an error."""
    try:
        return main()
    except BrokenPipeError:
        # Python would complain again when it flushes stdout at exit: point it at devnull.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    raise SystemExit(_run())
