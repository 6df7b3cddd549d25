"""Names: folding and near-miss scoring; variant spellings of a name across a document."""
