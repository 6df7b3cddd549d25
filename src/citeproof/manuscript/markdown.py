"""Blank the parts of a Markdown article that can hold no citation, keeping every offset.

Masking replaces characters by spaces (newlines kept), so a match in the masked text has the
same offsets, lines and columns as in the original text.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_BACKTICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_LINK_TARGET = re.compile(
    r"\]\((?:\s*<[^<>\n]*>|(?:[^()\s]|\([^()\s]*\))*)"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*\)"
)
_AUTOLINK = re.compile(
    r"<(?:[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+)>"
)
_URL_BODY = re.compile(r"[^\s<>\"]+")
_URL_TRAILER = ".,;:!?'\"’”*_"


def mask(text: str) -> str:
    """Return `text` with front matter, code, URLs, link targets and comments blanked."""
    chars = list(text)
    _mask_blocks(text, chars)
    masked = "".join(chars)
    masked = _blank_matches(masked, _HTML_COMMENT)
    masked = _mask_code_spans(masked)
    masked = _blank_matches(masked, _LINK_TARGET, keep_first=1)
    masked = _blank_matches(masked, _AUTOLINK)
    return blank_urls(masked)


def blank_urls(text: str) -> str:
    """Return `text` with bare URLs blanked, so years inside web addresses are never cited."""
    spans = sorted(_url_spans(text))
    if not spans:
        return text
    pieces: list[str] = []
    last = 0
    for start, end in spans:
        if end <= last:
            continue
        start = max(start, last)
        pieces.append(text[last:start])
        pieces.append(_blank(text[start:end]))
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def _url_spans(text: str) -> list[tuple[int, int]]:
    """Find URL spans by their literal markers ("://", "www.", "doi:"), which is fast."""
    spans: list[tuple[int, int]] = []
    for marker in ("://", "www.", "WWW.", "doi:", "DOI:", "Doi:"):
        index = text.find(marker)
        while index != -1:
            start = index
            if marker == "://":
                while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "+.-"):
                    start -= 1
                if start == index:
                    index = text.find(marker, index + 3)
                    continue
            elif start > 0 and (text[start - 1].isalnum() or text[start - 1] in "/.@"):
                index = text.find(marker, index + len(marker))
                continue  # "www." inside a longer address is covered by that address
            body = index + len(marker)
            if marker.lower() == "doi:":
                while body < len(text) and text[body] in " \u00a0":
                    body += 1
                if not text.startswith("10.", body):
                    index = text.find(marker, body)
                    continue
            match = _URL_BODY.match(text, body)
            end = _trim_url(text, start, match.end() if match else body)
            if end > body:
                spans.append((start, end))
            index = text.find(marker, max(end, body))
    return spans


def _trim_url(text: str, start: int, end: int) -> int:
    """Drop trailing punctuation and an unmatched closing bracket from a URL's end."""
    url = text[start:end]
    trimmed = url.rstrip(_URL_TRAILER)
    # A closing bracket belongs to the URL only when the URL opened one itself.
    while (
        trimmed
        and trimmed[-1] in ")]"
        and trimmed.count(")") + trimmed.count("]") > (trimmed.count("(") + trimmed.count("["))
    ):
        trimmed = trimmed[:-1].rstrip(_URL_TRAILER)
    return start + len(trimmed)


def _blank(segment: str) -> str:
    """Replace every character except line breaks by a space."""
    return "".join(ch if ch in "\r\n" else " " for ch in segment)


def _blank_range(chars: list[str], start: int, end: int) -> None:
    for index in range(start, end):
        if chars[index] not in "\r\n":
            chars[index] = " "


def _blank_matches(text: str, pattern: re.Pattern[str], keep_first: int = 0) -> str:
    """Blank every match of `pattern`, keeping its first `keep_first` characters."""
    pieces: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        start = match.start() + keep_first
        pieces.append(text[last:start])
        pieces.append(_blank(text[start : match.end()]))
        last = match.end()
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def _mask_blocks(text: str, chars: list[str]) -> None:
    """Blank front matter, fenced code blocks and indented code blocks, line by line."""
    lines = text.splitlines(keepends=True)
    starts: list[int] = []
    offset = 0
    for line in lines:
        starts.append(offset)
        offset += len(line)
    index = 0
    first = lines[0].rstrip("\r\n") if lines else ""
    if first in ("---", "+++"):
        closers = ("---", "...") if first == "---" else ("+++",)
        for end in range(1, len(lines)):
            if lines[end].rstrip("\r\n").rstrip() in closers:
                _blank_range(chars, 0, starts[end] + len(lines[end]))
                index = end + 1
                break
    fence: str | None = None
    previous_blank = True
    in_list = False
    while index < len(lines):
        line = lines[index]
        content = line.rstrip("\r\n")
        start = starts[index]
        if fence is not None:
            _blank_range(chars, start, start + len(content))
            stripped = content.strip()
            if stripped.startswith(fence) and set(stripped) == {fence[0]}:
                fence = None
            index += 1
            previous_blank = False
            continue
        opening = _FENCE.match(content)
        if opening and not (opening.group(1)[0] == "`" and "`" in content[opening.end() :]):
            fence = opening.group(1)
            _blank_range(chars, start, start + len(content))
            index += 1
            previous_blank = False
            continue
        if not content.strip():
            previous_blank = True
            index += 1
            continue
        expanded = content.replace("\t", "    ")
        indent = len(expanded) - len(expanded.lstrip(" "))
        needed = 8 if in_list else 4
        if previous_blank and indent >= needed:
            # An indented code block runs until a non-blank line with less indentation.
            while index < len(lines):
                body = lines[index].rstrip("\r\n")
                expanded = body.replace("\t", "    ")
                if expanded.strip() and len(expanded) - len(expanded.lstrip(" ")) < needed:
                    break
                _blank_range(chars, starts[index], starts[index] + len(body))
                index += 1
            previous_blank = True
            continue
        if _LIST_ITEM.match(content):
            in_list = True
        elif indent == 0:
            in_list = False
        previous_blank = False
        index += 1


def _mask_code_spans(text: str) -> str:
    """Blank inline code spans: a backtick run closed by the next run of the same length."""
    if "`" not in text:
        return text
    chars = list(text)
    paragraph_starts = [0] + [m.end() for m in _BLANK_LINE.finditer(text)]
    paragraph_ends = [m.start() for m in _BLANK_LINE.finditer(text)] + [len(text)]
    for para_start, para_end in zip(paragraph_starts, paragraph_ends, strict=True):
        runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text, para_start, para_end)]
        # For each run, the index of the next run of the same length (linear, right to left).
        following: list[int | None] = [None] * len(runs)
        seen: dict[int, int] = {}
        for position in range(len(runs) - 1, -1, -1):
            length = runs[position][1] - runs[position][0]
            following[position] = seen.get(length)
            seen[length] = position
        position = 0
        while position < len(runs):
            closer = following[position]
            if closer is None:
                position += 1
                continue
            _blank_range(chars, runs[position][0], runs[closer][1])
            position = closer + 1
    return "".join(chars)
