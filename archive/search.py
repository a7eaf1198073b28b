"""Chinese full-text search: jieba segmentation for the FTS5 index and for queries.

SQLite's FTS5 tokenizers cannot search Chinese well (unicode61 does not split it; trigram misses
every 2-character word such as 商务 or 复议). So the index stores jieba ``cut_for_search`` output,
space-joined, in a plain FTS5 table, and queries are segmented with jieba's precise mode before
being quoted into an FTS5 MATCH expression.

Index and query must use the same dictionary: jieba's own plus ``jieba_dict.txt`` (government
terms) plus whatever ``add_terms`` was given (agency and place names from the registry).

Nothing is loaded at import time; the first segmentation call loads the dictionaries (~0.7 s).
"""
from __future__ import annotations

import re
import threading
import unicodedata
from importlib.resources import files

USER_DICT = files("archive") / "jieba_dict.txt"  # a Traversable: also inside a zipped egg (Scrapyd)

_lock = threading.Lock()
_tokenizer = None  # jieba.Tokenizer, created on first use
_pending_terms: list[str] = []

# Chinese/full-width quotation marks a user may type around a phrase
_QUOTES = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "『": '"', "』": '"'})
_PHRASE_RE = re.compile(r'"([^"]*)"')


def add_terms(terms) -> None:
    """Teach the segmenter extra words (agency and place names), e.g. ``add_terms(["阜新市商务局"])``.

    Call it before indexing *and* before querying, with the same terms, so both sides agree.
    """
    words = [t.strip() for t in terms if t and len(t.strip()) >= 2]
    with _lock:
        if _tokenizer is None:
            _pending_terms.extend(words)
            return
    for word in words:
        _tokenizer.add_word(word)


def _get_tokenizer():
    global _tokenizer
    if _tokenizer is not None:
        return _tokenizer
    with _lock:
        if _tokenizer is None:
            import logging

            import jieba

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()  # our own instance: never touches jieba's global one
            tokenizer.initialize()
            with USER_DICT.open("rb") as f:
                tokenizer.load_userdict(f)
            for word in _pending_terms:
                tokenizer.add_word(word)
            _pending_terms.clear()
            _tokenizer = tokenizer
    return _tokenizer


def _normalise(text: str) -> str:
    # NFKC folds full-width ASCII (２０２３, ＡＢＣ) and full-width punctuation to their plain forms
    return unicodedata.normalize("NFKC", text or "")


def _keep(token: str) -> bool:
    """Words, numbers and ASCII stay; punctuation and whitespace go."""
    return any(ch.isalnum() for ch in token)


def segment_for_index(text: str | None) -> str:
    """Text as space-joined search-mode tokens (jieba precise cut, each word followed by the
    dictionary words inside it), for the FTS5 index.

    >>> segment_for_index("阜新市商务局2023年度报告")  # doctest: +SKIP
    '阜新 新市 阜新市 商务 商务局 2023 年度 报告 年度报告'
    """
    if not text:
        return ""
    tokenizer = _get_tokenizer()
    out = []
    for token in tokenizer.cut(_normalise(text)):
        token = token.strip()
        if _keep(token):
            out.extend(_expand(tokenizer, token))
    return " ".join(out)


def _expand(tokenizer, word: str) -> list[str]:
    """Search mode: every dictionary word inside ``word`` (any length), then ``word`` itself.

    jieba's own ``cut_for_search`` only adds 2- and 3-character sub-words, so 年度报告 inside
    政府信息公开工作年度报告 would never be found; this adds sub-words of every length.
    """
    n = len(word)
    subs = [
        word[i : i + size]
        for size in range(2, n)
        for i in range(n - size + 1)
        if tokenizer.FREQ.get(word[i : i + size])
    ]
    return subs + [word]


def _cut_query_words(text: str) -> list[str]:
    tokenizer = _get_tokenizer()
    words = []
    for chunk in text.split():
        words.extend(t.strip() for t in tokenizer.cut(chunk) if _keep(t))
    return words


def segment_query(q: str | None) -> str:
    """A user's query as space-joined jieba precise-mode tokens; ``"quoted phrases"`` stay phrases.

    ``segment_query('阜新市商务局 "行政复议决定"')`` -> ``'阜新市 商务局 "行政复议 决定"'``
    """
    q = _normalise(q).translate(_QUOTES)
    if q.count('"') % 2:
        q += '"'
    parts = []
    pos = 0
    for match in _PHRASE_RE.finditer(q):
        parts.extend(_cut_query_words(q[pos : match.start()]))
        phrase = _cut_query_words(match.group(1))
        if phrase:
            parts.append('"' + " ".join(phrase) + '"')
        pos = match.end()
    parts.extend(_cut_query_words(q[pos:]))
    return " ".join(parts)


def fts_match(q: str | None) -> str:
    """An FTS5 MATCH expression for a user's query: segmented tokens, each quoted, ANDed.

    Quoting makes every token a literal (no FTS5 syntax errors from user input); a quoted phrase
    becomes an FTS5 phrase of its tokens. An empty query gives ``'""'``, which matches nothing.
    """
    segmented = segment_query(q)
    bits = []
    for match in re.finditer(r'"[^"]*"|\S+', segmented):
        bit = match.group(0)
        bits.append(_phrase(bit.strip('"').split()) if bit.startswith('"') else f'"{bit}"')
    return " ".join(b for b in bits if b) or '""'


def _phrase(words: list[str]) -> str:
    """A phrase of segmented words. The index puts each long word's sub-words just before it, so
    words that are adjacent in the text may be a few index positions apart: allow exactly that."""
    if not words:
        return ""
    tokenizer = _get_tokenizer()
    slack = sum(len(_expand(tokenizer, w)) - 1 for w in words[1:])
    quoted = " ".join(f'"{w}"' for w in words)
    if slack == 0:
        return '"' + " ".join(words) + '"'
    return f"NEAR({quoted}, {slack})"


def search_reports(db, q: str, limit: int = 20) -> list[dict]:
    """Reports matching ``q``, best first (bm25; title hits weigh 10x body hits)."""
    sql = """
        select reports.*, bm25(reports_fts, 10.0, 1.0) as rank
        from reports_fts join reports on reports.rowid = reports_fts.rowid
        where reports_fts match :match
        order by rank
        limit :limit
    """
    cursor = db.execute(sql, {"match": fts_match(q), "limit": limit})
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]
