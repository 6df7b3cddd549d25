"""The formatted reference list: Entry records to CSL-JSON, rendered by pandoc citeproc."""
