"""citeproof: proof the references of a research article before it is published.

The pipeline's public functions are importable from here (`from citeproof import
check_texts`); they load on first use, so `import citeproof` (and `citeproof --version`)
stays as cheap as Python's own start-up.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

#: public name → the module that defines it
_EXPORTS = {
    "check": "api",
    "check_texts": "api",
    "check_documents": "api",
    "check_against_typed_list": "api",
    "load_bibliography": "api",
    "Checked": "api",
    "Config": "config",
    "CiteproofError": "errors",
}
__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module == "api":
        from . import api

        return getattr(api, name)
    if module == "config":
        from . import config

        return getattr(config, name)
    if module == "errors":
        from . import errors

        return getattr(errors, name)
    raise AttributeError(f"module 'citeproof' has no attribute {name!r}")
