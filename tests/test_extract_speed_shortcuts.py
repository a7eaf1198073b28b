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
