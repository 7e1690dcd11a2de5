"""Text normalisation for Indonesian: NFKC, quotes, numbers, chat slang, feature cleaning and stemming."""

import re
import unicodedata
from functools import lru_cache

from hoaxcheck.text.numbers import SE_WORDS, UNITS

# Chat spellings and abbreviations seen in forwarded messages, mapped to standard Indonesian.
SLANG = {
    "yg": "yang",
    "dgn": "dengan",
    "dg": "dengan",
    "tdk": "tidak",
    "gak": "tidak",
    "ga": "tidak",
    "nggak": "tidak",
    "ngga": "tidak",
    "enggak": "tidak",
    "gk": "tidak",
    "tak": "tidak",
    "ndak": "tidak",
    "utk": "untuk",
    "u/": "untuk",
    "krn": "karena",
    "karna": "karena",
    "sdh": "sudah",
    "udah": "sudah",
    "udh": "sudah",
    "blm": "belum",
    "jg": "juga",
    "aja": "saja",
    "sj": "saja",
    "bs": "bisa",
    "bisa2": "bisa",
    "sm": "sama",
    "kpd": "kepada",
    "dr": "dari",
    "pd": "pada",
    "dlm": "dalam",
    "org": "orang",
    "tsb": "tersebut",
    "bgt": "banget",
    "skrg": "sekarang",
    "skg": "sekarang",
    "sy": "saya",
    "hrs": "harus",
    "msh": "masih",
    "lg": "lagi",
    "bnyk": "banyak",
    "byk": "banyak",
    "kl": "kalau",
    "klo": "kalau",
    "kalo": "kalau",
    "jd": "jadi",
    "jgn": "jangan",
    "spt": "seperti",
    "sbg": "sebagai",
    "thn": "tahun",
    "th": "tahun",
    "tgl": "tanggal",
    "bln": "bulan",
    "hr": "hari",
    "pemda": "pemerintah daerah",
    "pemprov": "pemerintah provinsi",
    "pemkab": "pemerintah kabupaten",
    "pemkot": "pemerintah kota",
    "hoax": "hoaks",
    "hoak": "hoaks",
    "hox": "hoaks",
    "info": "informasi",
    "infonya": "informasinya",
    "vaksinnya": "vaksin",
    "covid19": "covid-19",
    "corona": "corona",
    "wa": "whatsapp",
    "wasap": "whatsapp",
    "sebarin": "sebarkan",
    "share": "sebarkan",
    "viralkan": "sebarkan",
    "trims": "terima kasih",
    "makasih": "terima kasih",
    "dpt": "dapat",
    "dapet": "dapat",
    "msk": "masuk",
    "ttg": "tentang",
    "bhw": "bahwa",
    "sbb": "sebagai berikut",
    "mohon2": "mohon",
    "kab": "kabupaten",
    "prov": "provinsi",
    # abbreviations of forwards that official text spells out
    "pinjol": "pinjaman online",
    "galbay": "gagal bayar",
    "medsos": "media sosial",
    "siapin": "siapkan",
    "daftarin": "daftarkan",
    "terusin": "teruskan",
    "bikin": "membuat",
    "co2": "karbon dioksida",
    "kk": "kartu keluarga",
}

_QUOTES = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u200b": "",
        "\ufeff": "",
    }
)
_WORD = re.compile(r"\d+(?:\.\d+)?%?|[0-9a-z\u00c0-\u024f]+(?:[-'][0-9a-z\u00c0-\u024f]+)*|u/")
_THOUSANDS = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+)(?![\d])(?!,\d)")
_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d)")
_URL = re.compile(r"https?://\S+|www\.\S+")
_MD_MARKUP = re.compile(r"[*_`#>|~]+|\[(?=[^\]]*\]\()|\]\([^)]*\)")


def normalize(text: str) -> str:
    """Apply NFKC, straighten quotes, turn odd spaces into plain spaces and collapse whitespace."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip()


def normalize_numbers(text: str) -> str:
    """Write Indonesian-style numbers plainly: 1.500 -> 1500 and 2,5 -> 2.5."""
    text = _THOUSANDS.sub(lambda m: m.group(1).replace(".", ""), text)
    return _DECIMAL_COMMA.sub(".", text)


def words(text: str) -> list[str]:
    """Lower-cased word tokens of a normalised text, with chat slang expanded."""
    tokens = _WORD.findall(text.lower())
    out: list[str] = []
    for tok in tokens:
        out.extend(SLANG.get(tok, tok).split())
    return out


# Each vectoriser of a pipeline cleans every text again, and cross-validation transforms each text several
# times: caching makes that once per text (large enough for a 100k-row corpus).
CACHE_SIZE = 1 << 18


@lru_cache(maxsize=CACHE_SIZE)
def clean(text: str) -> str:
    """Normalise a text for features: NFKC, markup and links stripped, numbers and slang standardised."""
    text = normalize(text)
    text = _URL.sub(lambda m: " " + re.sub(r"^https?://(www\.)?", "", m.group(0)).split("/")[0] + " ", text)
    text = _MD_MARKUP.sub(" ", text)
    text = normalize_numbers(text).lower()
    text = re.sub(r"\brp\.?\s?(?=\d)", "rp ", text)
    text = re.sub(r"(\w)\1{2,}", r"\1\1", text)  # "bangeeet" and "!!!!" carry no extra meaning
    return " ".join(words(text))


# Words that carry no topic for matching. Negation and denial words are here on purpose: retrieval finds
# what a claim is about, and polarity is judged separately, so a denial still finds the hoax it denies.
# Chat particles ("ya", "nih", "deh", "sebenernya") are here too: they made a forward's filler sentence
# long enough to be matched on its own ("siapin tas darurat ya").
RETRIEVAL_STOPWORDS = frozenset(
    """yang dan di ke dari ini itu dengan untuk pada adalah akan juga dalam oleh karena atau ada sudah bisa
    sebagai tersebut kepada para saat bahwa agar telah serta lebih harus dapat secara maupun hingga sampai
    namun tetapi tapi jika kalau bila maka pun lah kah nya ia mereka kita kami kamu anda saya dia beliau
    sangat masih lagi hanya semua setiap tiap sebuah seorang suatu sejumlah yakni yaitu antara lain
    tidak bukan belum tiada jangan hoaks benar membantah dibantah bantah bantahan menepis ditepis palsu
    klarifikasi mengklarifikasi disinformasi misinformasi bohong terbukti keliru menyesatkan informasi kabar
    berita beredar pesan berantai viral sebarkan sebar penting mohon tolong segera grup teman waspada
    waspadai menegaskan ditegaskan mengimbau imbau masyarakat pernah isu narasi unggahan postingan media
    sosial menyebutkan disebutkan dikatakan katanya kata mengatakan menyatakan bilang
    ya yah nih deh dong sih kok lho loh toh tau tahu sebenarnya sebenernya emang memang gitu gini kayak banget
    bakal bakalan tiba masing""".split()
)


_STEMS: dict[str, str] = {}
_CLITIC = re.compile(r"-?(nya|lah|kah|pun|ku|mu)$")


def stem(word: str) -> str:
    """Indonesian root of a word (PySastrawi, cached): disuntikkan -> suntik, kemandulan -> mandul."""
    if word not in _STEMS:
        global _stemmer
        if _stemmer is None:
            from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

            _stemmer = StemmerFactory().create_stemmer()
        root = _stemmer.stem(word) if word.isalpha() else word
        if root == word and len(word) > 6:
            root = _CLITIC.sub("", word)  # words missing from Sastrawi's dictionary still lose "-nya"
        _STEMS[word] = root or word
    return _STEMS[word]


_stemmer = None


# Number words as digits for matching: a forward says "tsunami tiga meter", the debunked hoax "3 meter".
_DIGITS = {word: str(n) for word, n in {**UNITS, **SE_WORDS}.items()}


@lru_cache(maxsize=CACHE_SIZE)
def clean_for_retrieval(text: str) -> str:
    """Clean a text for evidence matching: stemmed topic words, without stop, negation and denial words."""
    return " ".join(stem(_DIGITS.get(w, w)) for w in clean(text).replace("-", " ").split() if w not in RETRIEVAL_STOPWORDS)
