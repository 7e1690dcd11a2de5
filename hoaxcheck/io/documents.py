"""Reading drafts (.txt, .md, .docx, .html, stdin, pasted text) into a Document with a splitting mask.

The mask is a copy of the text, of the same length, where markup is blanked out and hard paragraph
breaks are marked with U+2029. Splitting runs on the mask, so every claim's offsets point straight
back into the original text.
"""

import bisect
import io
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from hoaxcheck.errors import InputError

MAX_BYTES = 10 * 1024 * 1024  # a draft larger than this is refused (read with a limit, never whole)
MAX_DOCX_UNCOMPRESSED = 50 * 1024 * 1024  # the sum of a .docx's members, checked before any XML is parsed
MAX_PARAGRAPHS = 100_000  # a .docx with more paragraphs (or table cells) is refused
SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".html", ".htm", ".pdf")
BREAK = "\u2029"


@dataclass
class Document:
    """A draft's text, the mask used to split it, and where it came from."""

    path: str
    text: str
    mask: str
    kind: str = "txt"
    warnings: list[str] = field(default_factory=list)
    headings: list[tuple[int, int]] = field(default_factory=list)  # spans that are headings, not claims

    def __post_init__(self) -> None:
        self._line_starts = line_starts(self.text)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset, columns in Unicode code points."""
        return position(self._line_starts, offset)


def line_starts(text: str) -> list[int]:
    """Offsets at which each line of a text starts."""
    return [0] + [m.end() for m in re.finditer("\n", text)]


def position(starts: list[int], offset: int) -> tuple[int, int]:
    """1-based (line, column) of an offset, given the text's line starts."""
    i = bisect.bisect_right(starts, offset) - 1
    return i + 1, offset - starts[i] + 1


def offset(starts: list[int], line: int, column: int) -> int:
    """The character offset of a 1-based (line, column), the inverse of `position`."""
    return starts[min(line, len(starts)) - 1] + column - 1


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def _blank_mark(match: re.Match) -> str:
    """Blank a piece of markup but mark its first character as a hard break."""
    s = _blank(match)
    return BREAK + s[1:] if s and s[0] != "\n" else s


def paired_spans(text: str, opener: re.Pattern, closer: re.Pattern, to_end: bool = True) -> list[tuple[int, int]]:
    """Spans from each opener to the next closer, in one left-to-right pass (linear, whatever the input).

    A lazy `open.*?close` regex rescans the rest of the text from every unclosed opener: a megabyte of
    "<!--" took minutes. Here an unclosed opener ends the scan (its span runs to the end with `to_end`).
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    while (m := opener.search(text, pos)) is not None:
        c = closer.search(text, m.end())
        if c is None:
            if to_end:
                spans.append((m.start(), len(text)))
            break
        spans.append((m.start(), c.end()))
        pos = c.end()
    return spans


def blank_spans(text: str, spans: list[tuple[int, int]], mark: bool = True) -> str:
    """Blank the spans (newlines kept); with `mark`, the first character of each becomes a hard break."""
    out, pos = [], 0
    for start, end in spans:
        if start < pos:
            continue
        out.append(text[pos:start])
        piece = re.sub(r"[^\n]", " ", text[start:end])
        out.append(BREAK + piece[1:] if mark and piece and piece[0] != "\n" else piece)
        pos = end
    out.append(text[pos:])
    return "".join(out)


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n---[ \t]*(?:\n|\Z)", re.S)
_FENCE_OPEN = re.compile(r"^```", re.M)
_FENCE_CLOSE = re.compile(r"^```[ \t]*$", re.M)
_COMMENT_OPEN = re.compile(r"<!--")
_COMMENT_CLOSE = re.compile(r"-->")
_LINE_MARK = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]*|[-*+•][ \t]+|\d{1,3}[.)][ \t]+)", re.M)
_RULE = re.compile(r"^[ \t]*(?:[-*_=][ \t]*){3,}$", re.M)
# Bounded and bracket-free classes: on a line of a million "[" or "](" these stay linear.
_IMAGE = re.compile(r"!\[[^\[\]\n]{0,300}\]\([^()\s]{0,2000}\)")
_LINK_TAIL = re.compile(r"\]\([^()\s]{0,2000}\)")
_LINK_HEAD = re.compile(r"\[(?=[^\[\]\n]{0,300}\]\()")
_EMPHASIS = re.compile(r"\*{1,3}(?=\S)|(?<=\S)\*{1,3}|(?<![\w])_{1,3}(?=\S)|(?<=\S)_{1,3}(?![\w])|`+|\|")
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+.*$", re.M)


def mask_markdown(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Blank Markdown markup (and WhatsApp *bold*/_italic_); return the mask and the heading spans."""
    headings = [(m.start(), m.end()) for m in _HEADING.finditer(text)]
    mask = _FRONT_MATTER.sub(_blank, text)
    mask = blank_spans(mask, paired_spans(mask, _FENCE_OPEN, _FENCE_CLOSE))
    mask = blank_spans(mask, paired_spans(mask, _COMMENT_OPEN, _COMMENT_CLOSE))
    for pattern in (_IMAGE, _RULE):
        mask = pattern.sub(_blank_mark, mask)
    mask = _LINE_MARK.sub(_blank_mark, mask)
    for pattern in (_LINK_HEAD, _LINK_TAIL, _EMPHASIS):
        mask = pattern.sub(_blank, mask)
    return mask, headings


_HTML_DROP_OPEN = re.compile(r"<(script|style|head|template)\b", re.I)
_HTML_DOCTYPE = re.compile(r"<!doctype[^<>]*>", re.I)
_HTML_HEADING_OPEN = re.compile(r"<h[1-6]\b[^<>]*>", re.I)
_HTML_HEADING_CLOSE = re.compile(r"</h[1-6]\s*>", re.I)
_HTML_BLOCK = re.compile(
    r"</?(p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|section|article|header|footer|blockquote|hr|title)\b[^>]*>",
    re.I,
)
_HTML_TAG = re.compile(r"<[^<>]+>")


def _dropped_html(text: str) -> list[tuple[int, int]]:
    """Scripts, styles, head and template elements and comments, in one linear pass."""
    spans = paired_spans(text, _COMMENT_OPEN, _COMMENT_CLOSE)
    pos = 0
    while (m := _HTML_DROP_OPEN.search(text, pos)) is not None:
        end = re.compile(rf"</{m.group(1)}\s*>", re.I).search(text, m.end())
        spans.append((m.start(), end.end() if end else len(text)))
        if end is None:
            break
        pos = end.end()
    spans.extend((m.start(), m.end()) for m in _HTML_DOCTYPE.finditer(text))
    spans.sort()
    return spans


def mask_html(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Blank HTML tags, scripts and styles; block-level tags become hard breaks."""
    headings = paired_spans(text, _HTML_HEADING_OPEN, _HTML_HEADING_CLOSE, to_end=False)
    mask = blank_spans(text, _dropped_html(text))
    mask = _HTML_BLOCK.sub(_blank_mark, mask)
    mask = _HTML_TAG.sub(_blank, mask)
    return mask, headings


def decode(data: bytes, name: str) -> tuple[str, list[str]]:
    """Decode a draft's bytes (io/decode.py) into text and warnings."""
    from hoaxcheck.io.decode import decode as decode_bytes

    d = decode_bytes(data, name)
    return d.text, d.warnings


def _check_text(text: str, name: str) -> None:
    if not text.strip():
        raise InputError(f"{name}: the draft is empty; give a file with text in it")
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    if controls > max(3, len(text[:20000]) // 100):
        raise InputError(f"{name}: looks like a binary file, not text; give a .txt, .md, .docx or .html draft")


def _read_docx(data: bytes, name: str) -> tuple[str, set[int]]:
    """Paragraphs (tables cell by cell, in document order) one per line, and the lines styled as headings."""
    import zipfile

    from docx import Document as Docx  # imported here: only .docx drafts need it
    from docx.table import Table

    try:
        unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"{name}: cannot open this .docx (damaged or not a Word file); save it again from Word") from exc
    if unpacked > MAX_DOCX_UNCOMPRESSED:
        raise InputError(
            f"{name}: this .docx unpacks to more than {MAX_DOCX_UNCOMPRESSED // 1048576} MB; save a smaller copy (or as .txt)"
        )
    try:
        body = list(Docx(io.BytesIO(data)).iter_inner_content())
    except Exception as exc:  # python-docx raises many types for a broken zip or XML
        raise InputError(f"{name}: cannot open this .docx (damaged or not a Word file); save it again from Word") from exc
    paragraphs = []
    for block in body:
        if isinstance(block, Table):
            paragraphs.extend(p for row in block.rows for cell in row.cells for p in cell.paragraphs)
        else:
            paragraphs.append(block)
        if len(paragraphs) > MAX_PARAGRAPHS:
            raise InputError(f"{name}: more than {MAX_PARAGRAPHS:,} paragraphs; split the document")
    # One line per paragraph, so a finding's line is the paragraph number an officer can find in Word.
    lines = [re.sub(r"[\r\n\v]+", " ", p.text) for p in paragraphs]
    headings = {
        i
        for i, p in enumerate(paragraphs)
        if p.style is not None and (p.style.name or "").lower().startswith(("heading", "title", "judul"))
    }
    return "\n".join(lines), headings


def from_text(
    text: str,
    path: str = "<text>",
    kind: str = "txt",
    warnings: list[str] | None = None,
    heading_lines: set[int] | None = None,
) -> Document:
    """Build a Document from text already decoded; `heading_lines` are 0-based line numbers of headings."""
    # Lone surrogates (undecodable bytes in argv or file names) would crash every writer: replace them.
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _check_text(text, path)
    if kind == "docx":
        mask = blank_spans(text, paired_spans(text, _COMMENT_OPEN, _COMMENT_CLOSE), mark=False).replace("\n", BREAK)
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        headings = [(starts[i], starts[i] + len(text.split("\n")[i])) for i in sorted(heading_lines or ())]
    elif kind == "html":
        mask, headings = mask_html(text)
    else:
        mask, headings = mask_markdown(text)
    return Document(path=path, text=text, mask=mask, kind=kind, warnings=list(warnings or []), headings=headings)


def kind_of(path: str) -> str:
    """Document kind from a file name: docx, pdf, html or txt (Markdown and plain text are read alike)."""
    suffix = Path(path).suffix.lower()
    return {".docx": "docx", ".html": "html", ".htm": "html", ".pdf": "pdf"}.get(suffix, "txt")


def from_bytes(data: bytes, path: str) -> Document:
    """Build a Document from raw bytes, choosing the reader by the file name."""
    if len(data) > MAX_BYTES:
        raise InputError(
            f"{path}: file too large ({len(data) // 1048576} MB, limit {MAX_BYTES // 1048576} MB); split it or use 'hoaxcheck batch'"
        )
    kind = kind_of(path)
    if kind == "docx":
        text, headings = _read_docx(data, path)
        return from_text(text, path, "docx", heading_lines=headings)
    if kind == "pdf":
        from hoaxcheck.io.pdf import read_pdf  # pypdf is imported only for PDF drafts

        return from_text(read_pdf(data, path), path, "txt")
    text, warnings = decode(data, path)
    return from_text(text, path, kind, warnings)


def read_limited(path: str | Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file, read with a limit; a device, FIFO or socket is refused before it is opened."""
    import stat

    p = Path(path)
    try:
        mode = p.stat().st_mode
    except FileNotFoundError as exc:
        raise InputError(f"{path}: file not found; check the name and folder") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file ({exc.strerror}); check its permissions") from exc
    if stat.S_ISDIR(mode):
        raise InputError(f"{path}: is a folder with no drafts (.txt, .md, .docx, .html) in it")
    if not stat.S_ISREG(mode):
        raise InputError(f"{path}: not a regular file (a device, pipe or socket); save the draft to a file")
    too_large = f"{path}: file too large (limit {limit // 1048576} MB); split it or use 'hoaxcheck batch'"
    if p.stat().st_size > limit:
        raise InputError(too_large)
    try:
        with open(p, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file ({exc.strerror}); check its permissions") from exc
    if len(data) > limit:  # the file grew while we read it
        raise InputError(too_large)
    return data


def read(path: str | Path) -> Document:
    """Read a draft file; raise InputError with a one-line reason when it cannot be used."""
    return from_bytes(read_limited(path), str(path))


def read_input(path: str) -> Document:
    """Read one input; '-' reads standard input."""
    if path == "-":
        if sys.stdin is None or sys.stdin.closed:
            raise InputError("<stdin>: standard input is closed; pipe a draft in or give a file")
        try:
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
        except (OSError, ValueError) as exc:
            raise InputError("<stdin>: standard input cannot be read; pipe a draft in or give a file") from exc
        if len(data) > MAX_BYTES:
            raise InputError("<stdin>: input too large; split it or use 'hoaxcheck batch'")
        text, warnings = decode(data, "<stdin>")
        return from_text(text, "<stdin>", "txt", warnings)
    return read(path)


def collect(paths: list[str], exclude: list[str] | None = None) -> list[str]:
    """Expand folders into the drafts they hold (.txt, .md, .docx, .html), sorted, minus excluded globs."""
    out: list[str] = []
    for p in paths:
        path = Path(p)
        if p != "-" and path.is_dir():
            found = sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
            # A folder with no drafts at all is reported (reading it fails), so a gate cannot pass on nothing.
            out.extend([str(f) for f in found if not _excluded(f, exclude or [])] if found else [p])
        else:
            out.append(p)
    return out


def _excluded(path: Path, globs: list[str]) -> bool:
    from fnmatch import fnmatch

    posix, absolute = path.as_posix(), path.resolve().as_posix()  # config globs are absolute
    return any(path.match(g) or fnmatch(posix, g) or fnmatch(absolute, g) for g in globs)
