"""Console-script entry point, kept free of imports so `citeproof --version` starts fast.

pre-commit hooks and editors call the tool often; click and typing alone cost 30 ms, three
times Python's own start-up, so the version query is answered before loading them.
"""

from __future__ import annotations

import sys


def run() -> None:
    """Run citeproof with sys.argv and exit with its code."""
    if sys.argv[1:] in (["--version"], ["-V"]):
        from . import __version__

        sys.stdout.write(f"citeproof, version {__version__}\n")
        sys.exit(0)
    from .cli import main

    sys.exit(main())
