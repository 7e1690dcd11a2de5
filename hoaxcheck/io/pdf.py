"""Reading the text layer of a PDF (pypdf): one line per text line, pages separated by a blank line.

Scanned PDFs have no text layer; they are refused with a one-line message rather than checked as empty.
`score`, `add` and the web page read PDFs through io/documents.py.
"""

import io
import re

from hoaxcheck.errors import InputError

MAX_PAGES = 500


def read_pdf(data: bytes, name: str) -> str:
    """The text of a PDF's pages, in order; raise InputError when it cannot be read or holds no text.

    The caller (io/documents.py) has already applied the draft size limit.
    """
    if not data.lstrip()[:5] == b"%PDF-":
        raise InputError(f"{name}: not a PDF file; give a .pdf, .txt, .md, .docx or .html draft")
    try:
        from pypdf import PdfReader
    except ImportError as exc:
        raise InputError(f"{name}: reading PDF needs pypdf; reinstall hoaxcheck") from exc
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputError(f"{name}: the PDF is password-protected; save an unprotected copy")
        if len(reader.pages) > MAX_PAGES:
            raise InputError(f"{name}: more than {MAX_PAGES} pages; split it")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many types for a damaged file
        raise InputError(f"{name}: cannot read this PDF (damaged); save it again or paste its text") from exc
    text = "\n\n".join(re.sub(r"[ \t]+\n", "\n", p).strip() for p in pages).strip()
    if not text:
        raise InputError(f"{name}: the PDF has no text layer (a scan?); paste its text instead")
    return text + "\n"
