"""Reading the manuscript into a Document; the typed reference list found and parsed."""
