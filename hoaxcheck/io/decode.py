"""One text decoder for every input: drafts, corpus CSVs, batch inputs and imports.

It knows what office files are saved as: UTF-8 with or without a BOM (even a doubled one), UTF-16 and
UTF-32 with a BOM or without one (told apart by where the NUL bytes fall), and, failing those, the cp1252
that Indonesian-locale Excel and Word write (then latin-1, which never fails), with a warning.
"""

import codecs
from dataclasses import dataclass, field

from hoaxcheck.errors import InputError

SAMPLE = 4096
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass
class Decoded:
    """Decoded text, the codec it was read with (a codec name Python knows), and any warnings."""

    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def _nul_share(sample: bytes, offset: int, step: int) -> float:
    picked = sample[offset::step]
    return picked.count(0) / len(picked) if picked else 0.0


def _looks_like_text(text: str) -> bool:
    """Whether decoded text is mostly letters, digits, punctuation and spaces (not control characters)."""
    head = text[:2000]
    controls = sum(1 for ch in head if ord(ch) < 32 and ch not in "\n\r\t")
    return bool(head) and controls <= len(head) // 50


def detect(sample: bytes) -> str | None:
    """The codec a file's first bytes announce (a BOM) or betray (NUL bytes in every 2nd or 4th place)."""
    for bom, codec in _BOMS:
        if sample.startswith(bom):
            return codec
    sample = sample[: SAMPLE - SAMPLE % 4]
    if len(sample) < 16 or 0 not in sample:
        return None
    shares = [_nul_share(sample, i, 4) for i in range(4)]
    if shares[0] < 0.1 and min(shares[1:]) > 0.9:
        return "utf-32-le"
    if shares[3] < 0.1 and min(shares[:3]) > 0.9:
        return "utf-32-be"
    even, odd = _nul_share(sample, 0, 2), _nul_share(sample, 1, 2)
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def decode(data: bytes, name: str, binary_hint: str = "give a .txt, .md, .docx or .html draft") -> Decoded:
    """Decode a file's bytes; binary data and broken UTF-16/32 are an InputError naming the file."""
    codec = detect(data[:SAMPLE])
    if codec is not None:
        announced = any(data.startswith(bom) for bom, _ in _BOMS)
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            if announced:
                raise InputError(f"{name}: broken {codec.split('-sig')[0].upper()} text; save it again as UTF-8") from exc
            text = None
        if text is not None and (announced or _looks_like_text(text)):
            return Decoded(text.lstrip("\ufeff"), codec)
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file, not text; {binary_hint}")
    try:
        return Decoded(data.decode("utf-8").lstrip("\ufeff"), "utf-8")
    except UnicodeDecodeError:
        pass
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return Decoded(text, encoding, [f"{name}: not UTF-8, read as {encoding}; save it as UTF-8 to be sure"])
    raise InputError(f"{name}: unknown text encoding; save it as UTF-8")  # latin-1 never fails


def stream_codec(sample: bytes) -> str:
    """The codec to read a stream with, from its first bytes: as `decode` would choose, cp1252 when not UTF-8."""
    codec = detect(sample)
    if codec is not None:
        return codec
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"
