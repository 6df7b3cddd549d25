"""Why each rule exists: the reader's or editor's problem it prevents (`citeproof rule CODE`).

Kept beside the catalogue and keyed by code; a meta-test requires one entry per rule and no
entry for a code the catalogue does not have, so this prose cannot drift from the rules.
"""

from __future__ import annotations

RATIONALE: dict[str, str] = {
    "CP101": "A citation with no entry leaves the reader no way to find the work; an outlet "
    "cited as if it were an author (Reuters, 2024) is the commonest cause in news-based writing.",
    "CP102": "When several entries fit, the reader cannot tell which work is meant, and the "
    "reference list's year letters (2024a, 2024b) exist precisely to tell them apart.",
    "CP103": "A wrong year sends the reader to the wrong edition or to nothing; it is usually a "
    "typo or a citation copied from a preprint whose published version has another year.",
    "CP104": "A misspelled surname breaks the link between text and list and misnames a "
    "person; dropped diacritics and I/l confusions survive proofreading because they look alike.",
    "CP105": "Author-date styles fix how many co-authors a citation names and in what order; "
    "a citation that names them otherwise points at a different, or no, work.",
    "CP106": "A citation that breaks the style's punctuation cannot be matched by readers or "
    "by tools such as reference managers and indexers, even when a human can guess the work.",
    "CP107": "A year letter that no entry carries names a work that is not in the list; the "
    "letters must be the same in the text and the reference list.",
    "CP108": "A bracketed source note is a reference without an entry: the claim it supports "
    "cannot be traced unless the source is cited properly or added to the bibliography.",
    "CP201": "Author-date styles list exactly the works cited: an uncited entry is either a "
    "citation lost in editing or padding that reviewers and editors will query.",
    "CP202": "One author spelled two ways across entries splits their works apart in sorting, "
    "indexing and year-letter assignment, and one of the spellings is wrong.",
    "CP203": "An entry that cannot be parsed is silently dropped by BibTeX, biber and pandoc; "
    "reporting the block keeps one stray brace from losing references unnoticed.",
    "CP204": "Tools disagree on which definition of a duplicated key wins (BibTeX the first, "
    "pandoc the last), so the same source can print different references.",
    "CP205": "A crossref or xdata to a missing key inherits nothing, so fields such as the "
    "book title or editors silently disappear from the printed reference.",
    "CP206": "One work entered under two keys can be cited both ways and then appears twice "
    "in the reference list, or with two different year letters.",
    "CP207": "A field given twice is read differently by BibTeX (first value) and by biber and "
    "pandoc (last value), so the printed reference depends on the tool.",
    "CP301": "A person's name spelled several ways in one article reads as carelessness and can "
    "misname someone; the spelling the sources use is the one to keep.",
    "CP302": "Consistent terminology is house style rather than correctness, so this is off "
    "by default; turn it on for a final copy-edit.",
    "CP401": "A typed list item with no bib entry cannot be formatted, verified or kept in step "
    "with the text by tools; it often means the bib is out of date.",
    "CP402": "A cited work missing from the article's own reference list cannot be looked up "
    "by the reader, and editors return manuscripts for it.",
    "CP403": "A listed work the text never cites is either a lost citation or padding; style "
    "guides require the list to hold exactly the works cited.",
    "CP404": "Readers find a reference by its first author and year; a list out of the style's "
    "order hides works and makes year letters meaningless.",
    "CP405": "Items typed in different patterns are a sign of a list assembled by hand from "
    "several sources; a consistent list is a requirement of every style.",
    "CP406": "When the list and the bib disagree, one of them is wrong, and the printed list "
    "and any tool that reads the bib will tell the reader different things.",
    "CP407": "Each style letters same-author, same-year works by a fixed rule (by title in APA "
    "and Harvard, by date in Chicago); other letters mislead readers who know the style.",
    "CP501": "Metadata that differ from the registry's (year, first author, a DOI that names "
    "another work) make the citation point at the wrong work or none.",
    "CP502": "A DOI that no registry knows is a dead identifier, often mistyped or invented; "
    "readers following it reach nothing.",
    "CP503": "A reference no index can find may be obscure, or may not exist at all (as with "
    "fabricated references); it deserves a human look, never an accusation.",
    "CP504": "Citing retracted work as valid evidence propagates its errors; an expression of "
    "concern or a correction should at least be known to the author.",
    "CP505": "A link that no longer resolves leaves online sources unreachable; an archived "
    "copy or a DOI keeps them findable.",
    "CP506": "A DOI is the persistent way to reach a work and most styles ask for one when it "
    "exists; here a confident match has one the entry lacks.",
    "CP507": "An entry that could not be checked is neither verified nor refuted; saying so "
    "keeps a silent run from being read as an all-clear.",
}
