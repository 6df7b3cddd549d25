"""The bibliography: loading BibTeX into Entry records, name splitting, LaTeX decoding."""
