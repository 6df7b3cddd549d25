"""Thin click commands: options → Config → one api call → reporter → exit code."""
