"""Chinese full-text search: jieba segmentation for the FTS5 index and for queries.

SQLite's FTS5 tokenizers cannot search Chinese well (unicode61 does not split it; trigram misses
every 2-character word such as 商务 or 复议). So the index stores jieba output, space-joined, in a
plain FTS5 table, and queries are segmented the same way before being quoted into a MATCH
expression.

The index holds each word of jieba's precise cut preceded by the words it is made of
(``阜新市商务局`` -> ``阜新 市 阜新市 商务 局 商务局 阜新市商务局``), so 商务 finds 阜新市商务局
but 新市 does not (it straddles 阜新|市). A word jieba
found by itself (not in the dictionary: a person's name, a document-number prefix such as 阜政办)
is also preceded by its characters, and a query spells such a word as the phrase of its
characters, so it is found whichever way the surrounding text was cut. Punctuation and line
breaks stay in the stored text (FTS5 skips them), so a snippet reads as the page did once
``unsegment`` has taken the segmentation out again.

Index and query must use the same dictionary: jieba's own, ``jieba_dict.txt`` (government terms)
and the registry's agency and place names, all loaded by the first segmentation call of a process
(~0.7 s; nothing at import time). ``dictionary_fingerprint()`` changes whenever any of them does:
an archive indexed under another fingerprint needs ``archive.store.rebuild_search_index``.
"""
from __future__ import annotations

import functools
import hashlib
import math
import re
import sqlite3
import threading
import unicodedata
from importlib.resources import files

USER_DICT = files("xxgk.archive") / "jieba_dict.txt"  # a Traversable: also inside a zipped egg (Scrapyd)
INDEX_FORMAT = 2  # bump when segment_for_index changes its output for the same dictionary

_lock = threading.Lock()
_tokenizer = None  # jieba.Tokenizer, created on first use

# Chinese/full-width quotation marks a user may type around a phrase
_QUOTES = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "『": '"', "』": '"'})
_PHRASE_RE = re.compile(r'"([^"]*)"')
_HAN_RE = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")
# region parts: 湖南省益阳市南县 -> 湖南省, 益阳市, 南县
_PLACE_RE = re.compile(r".+?(?:特别行政区|自治区|自治州|自治县|自治旗|地区|省|市|区|县|州|盟|旗)")


def registry_terms() -> list[str]:
    """The registry's agency names, regions and the places of each region, sorted:
    ``辽宁省阜新市`` gives 辽宁省阜新市, 辽宁省 and 阜新市."""
    from xxgk.registry import load_sites

    terms = set()
    for site in load_sites():
        terms.update([site.agency, site.region, *_PLACE_RE.findall(site.region)])
    return sorted(t for t in terms if len(t) >= 2)


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
            for word in registry_terms():
                tokenizer.add_word(word)
            _tokenizer = tokenizer
    return _tokenizer


def dictionary_fingerprint() -> str:
    """A short hash of everything that decides the segmented text: jieba's version, the user
    dictionary, the registry terms and ``INDEX_FORMAT``. Store it with the index; when it
    differs, re-segment (``rebuild_search_index``)."""
    import jieba

    digest = hashlib.sha1(f"{jieba.__version__}|{INDEX_FORMAT}|".encode())
    digest.update(USER_DICT.read_bytes())
    digest.update("\n".join(registry_terms()).encode())
    return digest.hexdigest()[:16]


def _fold(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch)
    return folded if any(c.isalnum() for c in folded) else ch


class _Folds(dict):
    """``str.translate``'s table for ``_fold``: each character's fold, worked out the first time
    the character is seen (one C-level lookup per character after that)."""

    def __missing__(self, code: int):
        ch = chr(code)
        folded = _fold(ch)
        self[code] = value = code if folded == ch else folded
        return value


_FOLDS = _Folds()


def _normalise(text: str) -> str:
    """Full-width letters and digits (２０２３, ＡＢＣ) to plain ones (NFKC); punctuation stays
    as written, so that snippets keep Chinese punctuation."""
    text = text or ""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text
    return text.translate(_FOLDS)


def _keep(token: str) -> bool:
    """Words, numbers and ASCII are indexed; punctuation and whitespace are not."""
    return any(ch.isalnum() for ch in token)


def _is_new_word(tokenizer, word: str) -> bool:
    """A Chinese word jieba's HMM found that no dictionary has (names, 阜政办 …)."""
    return len(word) > 1 and not tokenizer.FREQ.get(word) and bool(_HAN_RE.match(word))


def expand_spans(tokenizer, word: str) -> list[tuple[int, int]]:
    """Where the index tokens of ``word`` lie in it, in index order: a new word's characters,
    then the words the word is made of, each after its own parts, then the word itself:
    政府信息公开工作年度报告 -> … 信息 公开 信息公开 … 年度 报告 年度报告 … the whole.

    The parts are jieba's best cut of the word without the word itself, cut again down to single
    characters, so 年度报告 inside 政府信息公开工作年度报告 is found (jieba's own
    ``cut_for_search`` adds only 2- and 3-character parts), while words that straddle two parts
    (开工 in 公开|工作, 新市 in 阜新|市) are not: they are not what the text says.
    """
    return list(_spans(tokenizer, word))


@functools.lru_cache(maxsize=200_000)
def _spans(tokenizer, word: str) -> tuple[tuple[int, int], ...]:
    n = len(word)
    if not _HAN_RE.match(word):  # numbers, ASCII words
        return ((0, n),)
    if _is_new_word(tokenizer, word):  # its characters, then the dictionary words in it
        chars = [(i, i + 1) for i in range(n)]
        return tuple(chars + [s for s in _parts(tokenizer, word, 0) if s[1] - s[0] > 1] + [(0, n)])
    return tuple(_parts(tokenizer, word, 0) + [(0, n)])


def _parts(tokenizer, word: str, offset: int) -> list[tuple[int, int]]:
    """The words ``word`` is made of, down to single characters, left to right, each after its
    own parts (so a snippet cut inside a long word still spells the start of it); never the
    word itself, nothing for a word of one or two characters."""
    n = len(word)
    if n < 3:
        return []
    dag = tokenizer.get_DAG(word)
    log_total = math.log(tokenizer.total)
    route = {n: (0.0, 0)}
    for i in range(n - 1, -1, -1):
        route[i] = max((math.log(tokenizer.FREQ.get(word[i : j + 1]) or 1) - log_total
                        + route[j + 1][0], j) for j in dag[i] if (i, j) != (0, n - 1))
    out, i = [], 0
    while i < n:
        j = route[i][1] + 1
        out += _parts(tokenizer, word[i:j], offset + i) + [(offset + i, offset + j)]
        i = j
    return out


def _expand(tokenizer, word: str) -> list[str]:
    return [word[a:b] for a, b in expand_spans(tokenizer, word)]


def segment_for_index(text: str | None) -> str:
    """Text as space-joined index tokens for the FTS5 index; punctuation and line breaks stay in
    place (FTS5 ignores them) so that a snippet can be turned back into readable text.

    >>> segment_for_index("阜新市商务局：2023年度报告")  # doctest: +SKIP
    '阜新 市 阜新市 商务 局 商务局 阜新市商务局 ： 2023 年度 报告 年度报告'
    """
    if not text:
        return ""
    tokenizer = _get_tokenizer()
    out: list[str] = []
    # jieba cuts each run of word characters on its own (``Tokenizer.cut``), and what lies between
    # two runs (punctuation, spaces, line breaks) character by character, so a piece's tokens do
    # not depend on the text around it: short pieces' tokens are remembered, and the boilerplate
    # every report repeats (the standard tables' row labels, headings, "，") is cut once
    for block in _WORD_RUN.split(_normalise(text)):
        if not block:
            continue
        tokens = (_block_tokens(tokenizer, block) if len(block) <= _REMEMBERED_RUN
                  else _tokens(tokenizer, block))
        if tokens and tokens[0] == "\n" and (not out or out[-1] == "\n"):
            tokens = tokens[1:]  # one line break for a run of them, none at the start
        out.extend(tokens)
    while out and out[-1] == "\n":
        out.pop()
    return " ".join(out)


# jieba's own pattern for the runs it cuts with its dictionary (``jieba.re_han_default``); its
# group makes ``split`` return the runs at the odd places
_WORD_RUN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)", re.U)
_REMEMBERED_RUN = 80  # characters: longer pieces are rarely repeated


def _add_tokens(tokenizer, tokens, out: list) -> None:
    """Append the index tokens of jieba's ``tokens`` to ``out``: words (and their parts),
    other non-space characters, and one line break per run of them."""
    for token in tokens:
        if _keep(token):
            out.extend(_expand(tokenizer, token))
        elif token in ("\n", "\r\n", "\r"):
            if out and out[-1] != "\n":
                out.append("\n")
        elif token.strip():
            out.append(token.strip())


def _tokens(tokenizer, piece: str) -> tuple[str, ...]:
    """The index tokens of one piece of text cut on its own; a line break at its start is
    kept (the caller decides whether the text before it ended one)."""
    out: list = [None]  # not a line break: a leading one is kept
    _add_tokens(tokenizer, tokenizer.cut(piece), out)
    return tuple(out[1:])


@functools.lru_cache(maxsize=50_000)
def _block_tokens(tokenizer, piece: str) -> tuple[str, ...]:
    return _tokens(tokenizer, piece)


def _cut_query_words(text: str) -> list[str]:
    tokenizer = _get_tokenizer()
    words = []
    for chunk in text.split():
        words.extend(t.strip() for t in tokenizer.cut(chunk) if _keep(t))
    return words


def _is_document_number(chunk: str) -> bool:
    """阜政办〔2017〕32号, 0418-2822345, 买买提·艾力: punctuation inside, none of it a pause."""
    core = re.sub(r"^\W+|\W+$", "", chunk)
    inner = {ch for ch in core if not ch.isalnum()}
    return bool(inner) and not inner & set("，。、；！？,;!?_")


def segment_query(q: str | None) -> str:
    """A user's query as space-joined jieba precise-mode tokens; ``"quoted phrases"``,
    document numbers and runs of single characters stay phrases.

    ``segment_query('阜新市商务局 "行政复议决定"')`` -> ``'阜新市 商务局 "行政复议 决定"'``
    """
    q = _normalise(q).translate(_QUOTES)
    if q.count('"') % 2:
        q += '"'
    items, pos = [], 0
    for match in _PHRASE_RE.finditer(q):
        items += [(False, chunk) for chunk in q[pos : match.start()].split()]
        items.append((True, match.group(1)))
        pos = match.end()
    items += [(False, chunk) for chunk in q[pos:].split()]
    parts = []
    for quoted, text in items:
        words = _cut_query_words(text)
        # a document number, or characters jieba could not make words of, mean what they say
        spelled = len(words) > 1 and (_is_document_number(text) or max(map(len, words)) == 1)
        if words and (quoted or spelled):
            parts.append('"' + " ".join(words) + '"')
        else:
            parts.extend(words)
    return " ".join(parts)


class QueryError(ValueError):
    """A search query that cannot be read as written; ``str()`` says why, in words for the user."""


MAX_QUERY_CHARS = 500  # a search query (/-/search, ?_search=, xxgk_match)
MAX_QUERY_WORDS = 60
# SQL functions on a public instance run inside one SQLite opcode, where Datasette's time limit
# cannot stop them: each call must be short whatever its input. Measured on 2 cores (worst input:
# unknown characters, whose HMM pass is quadratic): 3,000 characters segment in 30-45 ms; 10,000
# segmented characters unsegment in under 20 ms.
MAX_SEGMENT_CHARS = 3_000
MAX_UNSEGMENT_CHARS = 10_000
SYNTAX_HELP = 'e.g. 商务 OR 民政, 年度报告 -商务, "行政复议决定"'
_QUERY_TOKEN = re.compile(r'-?"[^"]*"|"|[^\s"]+')


def query_too_long(q: str | None) -> str | None:
    """Why ``q`` is too long to search for, or None."""
    q = q or ""
    if len(q) > MAX_QUERY_CHARS or len(q.split()) > MAX_QUERY_WORDS:
        return (f"query too long: at most {MAX_QUERY_WORDS} words and {MAX_QUERY_CHARS:,} "
                f"characters (this one has {len(q.split()):,} words, {len(q):,} characters)")
    return None


def parse_query(q: str | None) -> str:
    """The FTS5 MATCH expression of a user's query, or ``QueryError`` saying what is wrong.

    Words are ANDed; ``OR`` (capitals) between two words or phrases matches either; ``-word`` or
    ``-"a phrase"`` excludes; ``"quoted words"`` are a phrase. Each word is segmented by jieba as
    the index is (阜新商务局 -> 阜新 AND 商务局), every token quoted, so no other FTS5 syntax
    gets through.
    """
    problem = query_too_long(q)
    if problem:
        raise QueryError(problem)
    q = _normalise(q).translate(_QUOTES)
    items = [_query_item(m.group(0)) for m in _QUERY_TOKEN.finditer(q)]
    groups, excluded, pending_or = [], [], False
    for kind, expr, shown in items:
        if kind == "skip":
            continue
        if kind == "OR":
            if not groups or pending_or:
                raise QueryError(f"OR needs a word or phrase on each side ({SYNTAX_HELP})")
            pending_or = True
        elif kind == "AND":
            if not groups or pending_or:
                raise QueryError(f"AND needs a word or phrase on each side ({SYNTAX_HELP})")
        elif kind == "-":
            if pending_or:
                raise QueryError(f"an excluded {shown} cannot be one side of OR ({SYNTAX_HELP})")
            excluded.append(expr)
        elif pending_or:
            groups[-1].append(expr)
            pending_or = False
        else:
            groups.append([expr])
    if pending_or:
        raise QueryError(f"OR needs a word or phrase on each side ({SYNTAX_HELP})")
    if not groups:
        raise QueryError(("only excluded words: add a word to find" if excluded
                          else "nothing to search for: type a word") + f" ({SYNTAX_HELP})")
    found = " AND ".join(g[0] if len(g) == 1 else "(" + " OR ".join(g) + ")" for g in groups)
    if excluded:
        found = f"({found}) NOT ({' OR '.join(excluded)})" if len(groups) > 1 else (
            f"{found} NOT ({' OR '.join(excluded)})")
    return found


def _query_item(token: str) -> tuple[str, str, str]:
    """(kind, FTS5 expression, the token as typed) of one token of a query: kind is OR, AND,
    ``-`` (excluded), ``+`` (to find) or ``skip`` (punctuation alone)."""
    if token in ("OR", "AND"):
        return token, "", token
    negated = token.startswith("-")
    text = token[1:] if negated else token
    if token == '"':
        raise QueryError(f'a quotation mark " is not closed ({SYNTAX_HELP})')
    if negated and not text:
        raise QueryError(f'"-" must come right before the word to exclude ({SYNTAX_HELP})')
    quoted = text.startswith('"')
    words = _cut_query_words(text.strip('"') if quoted else text)
    if not words:
        if quoted:
            raise QueryError(f"{token}: no word between the quotation marks ({SYNTAX_HELP})")
        if negated:
            raise QueryError(f"{token}: no word or number to exclude ({SYNTAX_HELP})")
        return "skip", "", token  # punctuation between words, as FTS5 skips it in the text
    spelled = len(words) > 1 and (_is_document_number(text) or max(map(len, words)) == 1)
    if quoted or spelled:
        expr = _phrase(words)
    else:
        bits = [_word(w) for w in words]
        expr = bits[0] if len(bits) == 1 else "(" + " AND ".join(bits) + ")"
    return ("-" if negated else "+"), expr, token


def query_problem(q: str | None) -> str | None:
    """What ``parse_query`` finds wrong with ``q`` (None when it reads, or ``q`` is empty)."""
    if not (q or "").strip():
        return None
    try:
        parse_query(q)
    except QueryError as error:
        return str(error)
    return None


def fts_match(q: str | None) -> str:
    """An FTS5 MATCH expression for a user's query (``parse_query``). A query that cannot be read
    gives ``'""'``, which matches nothing (say why with ``query_problem``): never an FTS5 syntax
    error, never a guess. An empty query gives ``'""'`` too. A query over ``MAX_QUERY_CHARS``
    raises ``QueryError``: its segmentation would be unbounded work.
    """
    try:
        return parse_query(q)
    except QueryError:
        problem = query_too_long(q)
        if problem:
            raise QueryError(problem) from None
    return '""'


def _spelled(word: str) -> str:
    """How a query word is looked up: a new word as the phrase of its characters
    (see expand_spans), any other word as itself."""
    return " ".join(word) if _is_new_word(_get_tokenizer(), word) else word


def _word(word: str) -> str:
    return f'"{_spelled(word)}"'


def _phrase(words: list[str]) -> str:
    """A phrase of segmented words. The index puts each word's sub-words next to it, so words
    that are adjacent in the text may be a few index positions apart: a NEAR group allowing
    exactly the index tokens that lie between the first word's match and the last one's."""
    if len(words) < 2:
        return _word(words[0]) if words else ""
    tokenizer = _get_tokenizer()
    slack = 0
    for i, word in enumerate(words):
        tokens, new = len(expand_spans(tokenizer, word)), _is_new_word(tokenizer, word)
        if i == 0:
            slack += tokens - len(word) if new else 0
        elif i == len(words) - 1:
            slack += 0 if new else tokens - 1
        else:
            slack += tokens
    if slack == 0:
        return '"' + " ".join(_spelled(w) for w in words) + '"'
    return "NEAR({}, {})".format(" ".join(_word(w) for w in words), slack)


MARK_OPEN, MARK_CLOSE = "⟦", "⟧"  # snippet(reports_fts, -1, '⟦', '⟧', '…', 24)


def unsegment(text: str | None) -> str | None:
    """Segmented index text (or a snippet of it) back to readable Chinese: each word's sub-words
    are folded back into it and the spaces between words removed, except between two ASCII
    words. Hit markers ⟦…⟧ are kept, around the part of the word that matched
    (``⟦商务⟧ 商务局`` -> ``⟦商务⟧局``)."""
    if not text:
        return text
    lead = "…" if text.startswith("…") and text[1:2].strip() else ""
    trail = "…" if text.endswith("…") and text[-2:-1].strip() else ""
    body = text[len(lead) : len(text) - len(trail)]
    tokens, inside = [], False
    for piece in body.split(" "):
        chars, marks = [], []
        for ch in piece:
            if ch in (MARK_OPEN, MARK_CLOSE):
                inside = ch == MARK_OPEN
            else:
                chars.append(ch)
                marks.append(inside)
        if chars:
            tokens.append(("".join(chars), marks))
    return lead + _render(_fold_groups(tokens)) + trail


def _fold_groups(tokens: list) -> list:
    """Right to left: a word is the last token of its group (expand_spans), its sub-words the
    tokens just before it; a group cut off by the start of a snippet is folded too."""
    tokenizer = _get_tokenizer()
    words, j = [], len(tokens) - 1
    while j >= 0:
        word, marks = tokens[j]
        spans = expand_spans(tokenizer, word) if _keep(word) else [(0, len(word))]
        subs = [word[a:b] for a, b in spans[:-1]]
        before = [t for t, _ in tokens[max(0, j - len(subs)) : j]]
        if not subs or before != subs[len(subs) - len(before):]:
            before = []
        marks = list(marks)
        for (a, b), (_, sub_marks) in zip(spans[len(subs) - len(before):], tokens[j - len(before) : j]):
            for offset, marked in enumerate(sub_marks):
                marks[a + offset] = marks[a + offset] or marked
        words.append((word, marks))
        j -= len(before) + 1
    return words[::-1]


def _render(words: list) -> str:
    out, inside, previous = [], False, ""
    for word, marks in words:
        if previous[-1:].isascii() and previous[-1:].isalnum() and word[0].isascii() and word[0].isalnum():
            if inside and not marks[0]:
                out.append(MARK_CLOSE)
                inside = False
            out.append(" ")
        for ch, marked in zip(word, marks):
            if marked != inside:
                out.append(MARK_OPEN if marked else MARK_CLOSE)
                inside = marked
            out.append(ch)
        previous = word
    if inside:
        out.append(MARK_CLOSE)
    return "".join(out)


# Rank every match, then read and unsegment passages for one page only: SQLite computes a select
# list before sorting, so a snippet() beside ORDER BY would run for every match. ``:reports_only``
# keeps the annual reports (is_report = 1); ties are broken by rowid so that pages never overlap.
RANKED_PAGE_SQL = """
with top as (
  select reports_fts.rowid as rid, bm25(reports_fts, 10.0, 1.0, 1.0) as rank
  from reports_fts join reports on reports.rowid = reports_fts.rowid
  where reports_fts match :match and (not :reports_only or reports.is_report = 1)
  order by rank, reports_fts.rowid limit :limit offset :offset
)
select reports.*, top.rank,
       (select xxgk_unsegment(snippet(reports_fts, -1, '⟦', '⟧', '…', 24)) from reports_fts
        where reports_fts match :match and reports_fts.rowid = top.rid) as passage
from top join reports on reports.rowid = top.rid
order by top.rank, top.rid
"""
RANKED_SQL = RANKED_PAGE_SQL.replace(":reports_only", "0").replace(":offset", "0")  # :match, :limit
# How many match: annual reports, and the other pages (图解, news: is_report = 0 or unknown).
COUNT_SQL = """
select count(*) filter (where reports.is_report = 1) as reports,
       count(*) filter (where reports.is_report is not 1) as others
from reports_fts join reports on reports.rowid = reports_fts.rowid
where reports_fts match :match
"""


class FunctionInputTooLong(ValueError):
    pass


# The SQL functions' input bounds, by name (Datasette shows their messages: plugin.py).
FUNCTION_LIMITS = {"jieba_segment": MAX_SEGMENT_CHARS, "xxgk_unsegment": MAX_UNSEGMENT_CHARS,
                   "xxgk_match": MAX_QUERY_CHARS, "escape_fts": MAX_QUERY_CHARS}


def function_limit_message(name: str) -> str:
    return f"{name}: input over {FUNCTION_LIMITS[name]:,} characters"


def bounded(name: str, function):
    """``function`` for SQL: text only (a number is read as its text), at most
    ``FUNCTION_LIMITS[name]`` characters, else ``FunctionInputTooLong``."""
    limit = FUNCTION_LIMITS[name]

    def call(value):
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        elif value is not None and not isinstance(value, str):
            value = str(value)
        if value is not None and len(value) > limit:
            raise FunctionInputTooLong(function_limit_message(name))
        return function(value)

    return call


def register_functions(conn, wrap=None) -> None:
    """The search SQL functions on a sqlite3 connection (the Datasette plugin registers the
    same ones, each wrapped by ``wrap``), each bounded (``FUNCTION_LIMITS``): xxgk_match(q),
    xxgk_unsegment(text), jieba_segment(text)."""
    for name, function in (("xxgk_match", fts_match), ("xxgk_unsegment", unsegment),
                           ("jieba_segment", segment_for_index)):
        function = bounded(name, function)
        conn.create_function(name, 1, wrap(function) if wrap else function, deterministic=True)


def search_reports(db, q: str, limit: int = 20, offset: int = 0,
                   reports_only: bool = False) -> list[dict]:
    """Reports matching ``q``, best first (bm25; title hits weigh 10x body and attachment hits),
    each with ``rank`` and ``passage`` (the best-matching passage, hits marked ⟦…⟧)."""
    conn = getattr(db, "conn", db)  # a sqlite_utils.Database or a sqlite3.Connection
    register_functions(conn)
    cursor = ranked_page(conn, fts_match(q), limit, offset, reports_only)
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


# --- the first pages of frequent terms, ranked ahead of time (``search_top``) -----------------
# BM25 scores every match before it can sort: a term in most of a million reports takes most
# of a second to rank and to count. For the terms in at least SEARCH_TOP_MIN_DOCS reports (the
# SEARCH_TOP_TERMS most frequent), ``refresh_search_top`` stores the counts and the first
# SEARCH_TOP_RESULTS rowids of the exact ranking (RANKED_PAGE_SQL's order: rank, then rowid), for
# all pages and for annual reports only. A search for such a term reads them instead; any other
# query, or a page past the stored ones, is ranked as before. The rows are valid for the search
# index they were ranked on: its FTS5 structure record (which every write to the index changes)
# is stored with them, and a lookup on any other index finds nothing.
SEARCH_TOP_MIN_DOCS = 10_000
SEARCH_TOP_TERMS = 2_000
SEARCH_TOP_RESULTS = 200  # ten pages of /-/search
# The table page (Datasette's reports table, ``?_search=`` alone) of the terms in at least
# SEARCH_TOP_TABLE_DOCS reports: its first rows in the table's order (metadata.yml sort_desc,
# ties by rowid, as Datasette's sort gives them) and the counts of its facets (metadata.yml).
# Counting a match's facets costs ~5 µs per matching report (one pass for all five), so below
# 20,000 reports (~100 ms) a page counts them itself within its budget; from there they are
# stored, and a query of several words starts from the stored counts of one of them
# (serve/table_search.py). A lower bar stores more terms and makes refresh_search_top slower.
SEARCH_TOP_TABLE_DOCS = 20_000
TABLE_SORT_DESC = "published"
TABLE_FACETS = ("site_id", "region", "report_year", "source", "is_report")
TABLE_ROWS = 101  # two pages of 50, plus the one Datasette reads to know there is a next page
FACET_VALUES = 101  # the values of a facet kept, most frequent first
SEARCH_TOP_SHAPE = """
CREATE TABLE IF NOT EXISTS search_top (
  [match] TEXT PRIMARY KEY, term TEXT, docs INTEGER, reports INTEGER, others INTEGER,
  ranked TEXT, ranked_reports TEXT, newest TEXT, facets TEXT)
"""
_INDEX_STATE = "(select hex(block) from reports_fts_data where id = 10)"  # FTS5 structure record
SEARCH_TOP_LOOKUP_SQL = f"""
select reports, others, ranked, ranked_reports, newest, facets from search_top
where [match] = :match and {_INDEX_STATE} = (
  select value from search_index_state where key = 'search_top_index')
"""
# One page read from stored (rowid, rank) pairs, in their order, with passages.
TOP_PAGE_SQL = """
with top as (
  select json_extract(value, '$[0]') as rid, json_extract(value, '$[1]') as rank,
         cast(key as integer) as position
  from json_each(:top)
)
select reports.*, top.rank,
       (select xxgk_unsegment(snippet(reports_fts, -1, '⟦', '⟧', '…', 24)) from reports_fts
        where reports_fts match :match and reports_fts.rowid = top.rid) as passage
from top join reports on reports.rowid = top.rid
order by top.position
"""
_TOP_RANKING_SQL = """
select reports_fts.rowid, bm25(reports_fts, 10.0, 1.0, 1.0) as rank
from reports_fts join reports on reports.rowid = reports_fts.rowid
where reports_fts match :match and (not :reports_only or reports.is_report = 1)
order by rank, reports_fts.rowid limit :limit
"""


def frequent_terms(conn, min_docs: int = SEARCH_TOP_MIN_DOCS,
                   terms: int = SEARCH_TOP_TERMS) -> list[tuple[str, int]]:
    """(index token, reports holding it) of the ``terms`` commonest tokens in ``min_docs``
    reports or more, commonest first (FTS5's own vocabulary table)."""
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.xxgk_search_vocab"
                 " USING fts5vocab(main, reports_fts, row)")
    try:
        return conn.execute("select term, doc from temp.xxgk_search_vocab where doc >= ?"
                            " order by doc desc, term limit ?", [min_docs, terms]).fetchall()
    finally:
        conn.execute("DROP TABLE temp.xxgk_search_vocab")


def refresh_search_top(db, min_docs: int = SEARCH_TOP_MIN_DOCS, terms: int = SEARCH_TOP_TERMS,
                       results: int = SEARCH_TOP_RESULTS,
                       table_docs: int = SEARCH_TOP_TABLE_DOCS) -> int:
    """Rebuild ``search_top`` from the current search index (run after every crawl and
    re-extraction: the stored rows are ignored once the index changes). Returns its row count.

    Example: ``refresh_search_top(sqlite_utils.Database("data/archive.db"))``
    """
    conn = getattr(db, "conn", db)
    register_functions(conn)
    rows, seen = [], set()
    for term, docs in frequent_terms(conn, min_docs, terms):
        match = fts_match(term)
        if match == '""' or match in seen:
            continue
        seen.add(match)
        table = _table_page(conn, match) if docs >= table_docs else (None, None)
        rows.append((match, term, docs, *_count(conn, match), *_top_rankings(conn, match, results),
                     *table))
    with conn:
        conn.execute("CREATE TABLE IF NOT EXISTS search_index_state"
                     " (key TEXT PRIMARY KEY, value TEXT)")
        conn.execute("DROP TABLE IF EXISTS search_top")  # its shape may be an older one
        conn.execute(SEARCH_TOP_SHAPE)
        conn.executemany("INSERT INTO search_top VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.execute(f"INSERT OR REPLACE INTO search_index_state (key, value)"
                     f" VALUES ('search_top_index', {_INDEX_STATE})")
    return len(rows)


def _count(conn, match: str) -> tuple[int, int]:
    reports, others = conn.execute(COUNT_SQL, {"match": match}).fetchone()
    return reports or 0, others or 0


def _top_rankings(conn, match: str, results: int) -> tuple[str, str]:
    """JSON [[rowid, rank], …] of the first ``results`` of all pages and of reports only.
    The reports-only ranking is the all-pages one without the other pages, when twice as many
    rows of it hold enough reports; else it is ranked by itself."""
    import json

    ranked = conn.execute(_TOP_RANKING_SQL.replace("bm25", "reports.is_report, bm25"),
                          {"match": match, "reports_only": 0, "limit": 2 * results}).fetchall()
    reports = [[rid, rank] for rid, is_report, rank in ranked if is_report == 1][:results]
    if len(reports) < results and len(ranked) == 2 * results:
        reports = [list(row) for row in conn.execute(_TOP_RANKING_SQL, {
            "match": match, "reports_only": 1, "limit": results})]
    return (json.dumps([[rid, rank] for rid, _, rank in ranked[:results]]),
            json.dumps(reports))


_TABLE_MATCH = "rowid in (select rowid from reports_fts where reports_fts match :match)"


def _table_page(conn, match: str) -> tuple[str, str]:
    """JSON of the first TABLE_ROWS rowids of the table page of ``match``, and of its facets:
    {column: [[value, count], …]} in Datasette's order (count descending, then value)."""
    import json
    from collections import Counter

    newest = [row[0] for row in conn.execute(
        f"select rowid from reports where {_TABLE_MATCH} order by {TABLE_SORT_DESC} desc, rowid"
        " limit :limit", {"match": match, "limit": TABLE_ROWS})]
    columns = ", ".join(TABLE_FACETS)
    counters = {column: Counter() for column in TABLE_FACETS}
    for *values, count in conn.execute(f"select {columns}, count(*) from reports"
                                       f" where {_TABLE_MATCH} group by {columns}",
                                       {"match": match}):
        for column, value in zip(TABLE_FACETS, values):
            if value is not None:
                counters[column][value] += count
    facets = {column: sorted(counter.items(), key=_facet_order)[:FACET_VALUES]
              for column, counter in counters.items()}
    return json.dumps(newest), json.dumps(facets, ensure_ascii=False)


def _facet_order(item):
    """SQLite's ``order by count desc, value``: numbers before text before blobs."""
    value, count = item
    kind = 0 if isinstance(value, (int, float)) else 1 if isinstance(value, str) else 2
    return -count, kind, value


def stored_page(found, limit: int, offset: int, reports_only: bool) -> str | None:
    """The ``:top`` of TOP_PAGE_SQL for one page from a SEARCH_TOP_LOOKUP_SQL row, or None when
    the page lies past the stored ranking (it must then be ranked)."""
    import json

    if found is None:
        return None
    ranked = json.loads(found[3] if reports_only else found[2])
    total = found[0] if reports_only else found[0] + found[1]
    if offset + limit > len(ranked) and len(ranked) < total:
        return None
    return json.dumps(ranked[offset : offset + limit])


def lookup_top(conn, match: str):
    """The ``search_top`` row of ``match`` (reports, others, ranked, ranked_reports) if it is
    stored and still valid, else None."""
    try:
        return conn.execute(SEARCH_TOP_LOOKUP_SQL, {"match": match}).fetchone()
    except sqlite3.OperationalError:  # an archive without search_top (or without an index)
        return None


def search_counts(conn, match: str) -> tuple[int, int]:
    """(annual reports, other pages) matching ``match``: stored for a frequent term."""
    found = lookup_top(conn, match)
    return (found[0], found[1]) if found else _count(conn, match)


def ranked_page(conn, match: str, limit: int = 20, offset: int = 0,
                reports_only: bool = False) -> sqlite3.Cursor:
    """A cursor over one ranked page (RANKED_PAGE_SQL's rows, in its order): read from
    ``search_top`` for a frequent term, else ranked."""
    top = stored_page(lookup_top(conn, match), limit, offset, reports_only)
    if top is not None:
        return conn.execute(TOP_PAGE_SQL, {"top": top, "match": match})
    return conn.execute(RANKED_PAGE_SQL, {"match": match, "limit": limit, "offset": offset,
                                          "reports_only": int(reports_only)})
