"""The shortcuts that make extraction cheaper read what the plain way reads (issue 13): on every
fixture article page, the walk's tag table follows its positions, a table grid's cell text is the
cell's text_content, and the tokens the walk kept are the elements' own."""
from __future__ import annotations

from urllib.parse import urljoin

import pytest

from xxgk.extract.decode import decode_body
from xxgk.extract.dom import classes_of, parse_page
from xxgk.extract.stats.html import table_grid
from xxgk.fixtureweb import catalog

BASE = "http://127.0.0.1:8731"
PAGES = [f for f in catalog.article_fixtures() if f.path is not None]


def _page(fixture):
    return parse_page(decode_body(fixture.path.read_bytes(), None)[0], urljoin(BASE, fixture.url_path))


@pytest.mark.parametrize("fixture", PAGES, ids=lambda f: f.url_path)
def test_tags_name_every_walked_element_in_document_order(fixture):
    page = _page(fixture)
    assert list(page.tags) == list(page.span)
    for el, tag in page.tags.items():
        assert tag == (el.tag.lower() if isinstance(el.tag, str) else "")
    for el, tokens in page.tokens.items():
        assert tokens == classes_of(el)


@pytest.mark.parametrize("fixture", PAGES, ids=lambda f: f.url_path)
def test_grid_cells_hold_their_text_content(fixture):
    root = _page(fixture).root
    for table in root.iter("table"):
        cells = [cell for tr in table.iter("tr") if next(tr.iterancestors("table"), None) is table
                 for cell in tr if cell.tag in ("td", "th")]
        fields = {f.key: f for row in table_grid(table) for f in row if f is not None and f.first}
        assert [fields[key].raw for key in sorted(fields)] == [cell.text_content() for cell in cells]


NFKC_CASES = ["", "plain ascii 123", "本年度共收到申请１２件，其中（一）网上申请５件：", "ｶﾞｷﾞｸﾞ ﾊﾟ", "e\u0301 Å ﬁ ①②㈱",
              "한국어 \u1100\u1161\u11a8", "ｱ\u3099", "Ａ\u0301\u0323", "x\u0323\u0307 \u0307\u0323", "㍻㎏ ¼ ™",
              "\u00a0\u3000\u2002 tabs\t", "𠀀𪚥 \U0001d400", "\ufb2a\u05b8"]


def test_nfkc_is_unicodedata_nfkc():
    """The fast NFKC (NFC of NFKD) gives unicodedata's NFKC on scripts, compatibility forms,
    combining marks in every order and random strings from every plane."""
    import random
    import unicodedata

    from xxgk.extract.text import nfkc

    rng = random.Random(13)
    alphabet = [chr(c) for c in range(0x20, 0x2FFFF) if unicodedata.category(chr(c)) not in ("Cs", "Cn")]
    cases = NFKC_CASES + ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 16)))
                          for _ in range(20_000)]
    for text in cases:
        assert nfkc(text) == unicodedata.normalize("NFKC", text), ascii(text)
