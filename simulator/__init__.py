"""The PIM permission simulator: the one place where the App permission rules live.

Standard-library only, so that the very same code runs in CPython (site build, command
line, tests) and in the browser through Pyodide.
"""

__version__ = "0.1.0"
