"""Chinese segmentation for the FTS index and for queries (archive/search.py)."""
import subprocess
import sys

import sqlite_utils

from archive import search
from archive.search import fts_match, segment_for_index, segment_query


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
    assert fts_match("阜新商务局") == '"阜新" "商务局"'
    assert fts_match('AND OR "') == '"AND" "OR"'
    assert fts_match("") == '""'


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
    code = ("from archive.search import segment_for_index, fts_match; "
            "print(segment_for_index('南县人民政府'), '|', fts_match('南县'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == segment_for_index("南县人民政府") + " | " + fts_match("南县")


def test_import_does_not_load_the_dictionary():
    code = "import sys, archive.search; print('jieba' in sys.modules, archive.search._tokenizer)"
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
