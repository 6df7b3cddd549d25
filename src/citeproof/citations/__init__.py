"""Citations: found in a Document, resolved against a Bibliography, year letters assigned."""
