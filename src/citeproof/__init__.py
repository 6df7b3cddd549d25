"""citeproof: proof the references of a research article before it is published."""

__version__ = "0.1.0"
