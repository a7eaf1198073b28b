"""Chinese segmentation for the FTS index and for queries (archive/search.py)."""
import subprocess
import sys

import pytest
import sqlite_utils

from xxgk.archive import search
from xxgk.archive.search import fts_match, segment_for_index, segment_query, unsegment
from support import new_archive


def tokens(text):
    return segment_for_index(text).split()


def test_two_character_words_are_indexed():
    assert "商务" in tokens("阜新市商务局")
    assert {"行政", "复议", "行政复议"} <= set(tokens("本年度未发生行政复议案件"))


def test_words_inside_long_dictionary_terms_are_indexed():
    # jieba's cut_for_search only adds 2- and 3-character sub-words; 4+ must be found too
    assert {"年度报告", "信息公开", "政府信息公开"} <= set(tokens("2023年政府信息公开工作年度报告"))


def test_ascii_numbers_and_punctuation_kept_in_place():
    out = tokens("收到申请12件，其中PDF格式（2023年）。")
    assert "12" in out and "2023" in out and "PDF" in out
    # punctuation stays as written (FTS5 skips it) so that snippets read like the page
    assert out[out.index("件") + 1] == "，" and out[-1] == "。"
    assert "\n" not in segment_for_index("一、概述\n\n\n2016年\n")[-2:]
    assert segment_for_index("一、概述\r\n\r\n2016年").count("\n") == 1


def test_punctuation_is_invisible_to_fts5():
    with_punctuation = _fts_db(["收到申请12件，其中PDF格式（2023年）。"])
    rows = with_punctuation.execute(
        "select rowid from f where f match ?", ['"12 件 其中"']).fetchall()
    assert rows == [(1,)]


def test_full_width_digits_are_folded():
    assert "2023" in tokens("２０２３年度")


def test_user_dictionary_term_stays_one_token():
    assert segment_query("依申请公开") == "依申请公开"
    assert "依申请公开" in tokens("本机关收到依申请公开申请5件")


def test_query_segmentation():
    assert segment_query("阜新市民政局") == "阜新市 民政局"
    assert segment_query("行政复议") == "行政复议"
    assert segment_query("  商务   ") == "商务"
    assert segment_query("") == ""
    assert segment_query("，。！") == ""


def test_quoted_phrases_stay_phrases():
    assert segment_query('"行政复议决定" 商务') == '"行政复议 决定" 商务'
    assert segment_query("“年度报告”") == '"年度报告"'
    assert segment_query('"unbalanced 商务') == '"unbalanced 商务"'


def test_fts_match_quotes_every_token():
    assert fts_match("阜新市商务局") == '"阜新市商务局"'  # a registry agency: one word
    assert fts_match("阜新商务局") == '("阜新" AND "商务局")'
    assert fts_match("商务 OR 民政 -复议") == '("商务" OR "民政") NOT ("复议")'
    assert fts_match("NEAR( *") == '"NEAR"'  # FTS5 syntax is quoted, "(" and "*" are skipped
    assert fts_match('AND OR "') == '""'  # cannot be read: matches nothing (query_problem says why)
    assert search.query_problem('AND OR "').startswith("a quotation mark")
    assert fts_match("") == '""' and search.query_problem("") is None


def test_registry_agency_and_place_names_are_words():
    terms = search.registry_terms()
    assert {"阜新市商务局", "辽宁省阜新市", "辽宁省", "阜新市", "湖南省", "益阳市", "南县",
            "天津市河东区", "河东区", "深圳市龙岗区司法局"} <= set(terms)
    assert segment_query("深圳市龙岗区司法局") == "深圳市龙岗区司法局"
    assert segment_query("南县") == "南县"
    assert {"龙岗区", "司法局", "深圳市"} <= set(tokens("深圳市龙岗区司法局2019年"))


def test_dictionary_fingerprint_follows_the_registry(monkeypatch):
    before = search.dictionary_fingerprint()
    assert before == search.dictionary_fingerprint() and len(before) == 16
    monkeypatch.setattr(search, "registry_terms", lambda: ["清河门区"])
    assert search.dictionary_fingerprint() != before


def test_index_and_query_agree_in_a_fresh_process():
    code = ("from xxgk.archive.search import segment_for_index, fts_match; "
            "print(segment_for_index('南县人民政府'), '|', fts_match('南县'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == segment_for_index("南县人民政府") + " | " + fts_match("南县")


def test_import_does_not_load_the_dictionary():
    code = "import sys, xxgk.archive.search; print('jieba' in sys.modules, xxgk.archive.search._tokenizer)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "None"]


def _fts_db(texts):
    db = sqlite_utils.Database(memory=True)
    db.execute("create virtual table f using fts5(title, body)")
    for i, text in enumerate(texts, 1):
        db.execute("insert into f(rowid, title, body) values (?, ?, '')", [i, segment_for_index(text)])
    return db


def test_queries_find_what_trigram_would_miss():
    db = _fts_db(["阜新市商务局2023年政府信息公开工作年度报告", "阜新市民政局行政复议情况"])

    def hits(q):
        return [r[0] for r in db.execute("select rowid from f where f match ?", [fts_match(q)])]

    assert hits("商务") == [1]
    assert hits("复议") == [2]
    assert hits("行政复议") == [2]
    assert hits("年度报告") == [1]
    assert hits("阜新市商务局") == [1]
    assert hits('"阜新市商务局"') == [1]
    assert hits("阜新") == [1, 2]
    assert hits("教育局") == []


# --- unsegment: snippets back to readable text ---------------------------------------------

def test_unsegment_restores_the_text():
    text = "三、依申请公开政府信息情况，阜新市商务局（阜政办〔2017〕32号）PDF格式 Fuxin Commerce Bureau"
    assert unsegment(segment_for_index(text)) == text.replace("格式 ", "格式")
    assert unsegment(None) is None and unsegment("") == ""


def test_unsegment_marks_the_part_of_a_word_that_matched():
    assert unsegment("阜新 市 阜新市 ⟦商务⟧ 局 商务局 阜新市商务局") == "阜新市⟦商务⟧局"
    assert unsegment("⟦阜新 市 阜新市⟧ 年度") == "⟦阜新市⟧年度"


def test_unsegment_snippets_cut_inside_a_word():
    tokens = segment_for_index("三、依申请公开政府信息情况，阜新市商务局召开会议").split(" ")
    for start in range(len(tokens)):
        for end in range(start + 1, len(tokens) + 1):
            out = unsegment("…" + " ".join(tokens[start:end]) + "…").strip("…")
            assert out in "三、依申请公开政府信息情况，阜新市商务局召开会议", (start, end, out)


# --- the Datasette plugin ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    from xxgk.serve.server import make_datasette
    from xxgk.archive.store import save_report

    path = tmp_path_factory.mktemp("plugin") / "archive.db"
    db = new_archive(path, [{"slug": "fuxin-swj", "agency": "阜新市商务局", "region": "辽宁省阜新市"}])
    for n, (title, body) in enumerate([
        ("阜新市商务局2017年政府信息公开工作年度报告",
         "认真贯彻落实《通知》（阜政办〔2017〕32号）和（阜政办〔2017〕53号）。联系人：李婧，电话：0418-2822345。"),
        ("阜新市商务局2018年政府信息公开工作年度报告", "根据阜政办〔2018〕32号文件，2017年收到申请32件。"),
        ("关于<script>alert(1)</script>的通知", "本年度未发生行政复议案件。<b>粗体</b>"),
    ]):
        url = f"http://swj.fuxin.gov.cn/{n}.html"
        save_report(db, {"url": url, "title": title, "body": body, "is_report": True},
                    fetch={"url": url, "site_id": "fuxin-swj"})
    db.close()
    return make_datasette(path)


def get(ds, path, **params):
    import asyncio

    response = asyncio.run(ds.client.get(path, params=params or None))
    assert response.status_code == 200, response.text
    return response


def table_titles(ds, q):
    rows = get(ds, "/archive/reports.json", _search=q, _shape="objects").json()["rows"]
    return sorted(r["title"] for r in rows)


def sql(ds, query, **params):
    return get(ds, "/archive.json", sql=query, _shape="array", **params).json()


def test_exact_document_number_and_name(ds):
    first = "阜新市商务局2017年政府信息公开工作年度报告"
    assert table_titles(ds, "阜政办〔2017〕32号") == [first]
    assert table_titles(ds, '"阜政办〔2017〕32号"') == [first]
    assert table_titles(ds, "阜政办〔2018〕32号") == ["阜新市商务局2018年政府信息公开工作年度报告"]
    assert table_titles(ds, "阜政办〔2017〕54号") == []
    assert table_titles(ds, "李婧") == [first]
    assert table_titles(ds, "0418-2822345") == [first]
    found = sql(ds, "select count(*) as n from reports_fts where reports_fts match xxgk_match(:q)",
                q="阜政办〔2017〕32号")
    assert found == [{"n": 1}]


def test_xxgk_match_is_safe_for_any_input(ds):
    for q in ['"', "AND", "OR NOT", "NEAR(", "*", "(", "，。", "'", "\\", "^商务", "商务*", ""]:
        rows = sql(ds, "select count(*) as n from reports_fts where reports_fts match xxgk_match(:q)",
                   q=q)
        assert rows[0]["n"] >= 0, q


def test_xxgk_unsegment_sql_function_on_a_snippet(ds):
    rows = sql(ds, "select xxgk_unsegment(snippet(reports_fts, -1, '⟦', '⟧', '…', 24)) as p"
                   " from reports_fts where reports_fts match xxgk_match(:q)", q="行政复议")
    assert rows == [{"p": "本年度未发生⟦行政复议⟧案件。<b>粗体</b>"}]


def test_marked_cells_are_highlighted_and_everything_else_escaped(ds):
    html = get(ds, "/archive", sql="select xxgk_unsegment(snippet(reports_fts, -1, '⟦', '⟧', '…', 24))"
               " as p from reports_fts where reports_fts match xxgk_match('行政复议')").text
    assert "未发生<mark>行政复议</mark>案件。&lt;b&gt;粗体&lt;/b&gt;" in html
    from xxgk.serve.plugin import marks_html

    assert marks_html("<i>⟦a&b⟧</i>⟧⟦x") == "&lt;i&gt;<mark>a&amp;b</mark>&lt;/i&gt;<mark>x</mark>"
    assert marks_html("no marks <br>") == "no marks &lt;br&gt;"


def test_search_page_ranks_and_shows_passages(ds):
    html = get(ds, "/-/search", q="阜政办〔2017〕32号").text
    assert "reports (archive): 1 match" in html
    assert "（<mark>阜政办</mark>〔<mark>2017</mark>〕<mark>32号</mark>）" in html
    html = get(ds, "/-/search", q="年度报告").text
    assert html.index("2017年政府信息公开") < html.index("/archive/reports?_search=")
    assert "<script>alert(1)</script>" not in get(ds, "/-/search", q="通知").text
    assert 'name="q"' in get(ds, "/-/search").text


def test_table_search_links_to_ranked_results(ds):
    html = get(ds, "/archive/reports", _search="行政复议").text
    assert "xxgk-ranked" in html and "/-/search?q=%E8%A1%8C%E6%94%BF%E5%A4%8D%E8%AE%AE" in html
    assert "xxgk-ranked" not in get(ds, "/archive/reports").text
    menu = get(ds, "/").text
    assert "/-/search" in menu


def test_rebuild_search_index_after_a_dictionary_change(ds, tmp_path):
    import shutil

    from xxgk.archive.store import rebuild_search_index

    copy = tmp_path / "copy.db"
    shutil.copy(ds.databases["archive"].path, copy)
    db = sqlite_utils.Database(copy)
    db.execute("update reports_fts set body = replace(body, '阜 政 办 阜政办', '阜政办')")
    assert rebuild_search_index(db) == 3
    assert [r["title"] for r in search.search_reports(db, "阜政办")] == [
        "阜新市商务局2017年政府信息公开工作年度报告", "阜新市商务局2018年政府信息公开工作年度报告"]
