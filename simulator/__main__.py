"""``python -m simulator``: see :mod:`simulator.cli`."""

from __future__ import annotations

from simulator.cli import main

__all__ = ["main"]

if __name__ == "__main__":
    raise SystemExit(main())
