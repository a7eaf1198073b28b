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


def test_punctuation_dropped_ascii_and_numbers_kept():
    out = tokens("收到申请12件，其中PDF格式（2023年）。")
    assert "12" in out and "2023" in out and "PDF" in out
    assert not any(t in out for t in ["，", "（", "）", "。"])


def test_full_width_digits_are_folded():
    assert "2023" in tokens("２０２３年度")


def test_user_dictionary_term_stays_one_token():
    assert segment_query("依申请公开") == "依申请公开"
    assert "依申请公开" in tokens("本机关收到依申请公开申请5件")


def test_query_segmentation():
    assert segment_query("阜新市商务局") == "阜新市 商务局"
    assert segment_query("行政复议") == "行政复议"
    assert segment_query("  商务   ") == "商务"
    assert segment_query("") == ""
    assert segment_query("，。！") == ""


def test_quoted_phrases_stay_phrases():
    assert segment_query('"行政复议决定" 商务') == '"行政复议 决定" 商务'
    assert segment_query("“年度报告”") == '"年度报告"'
    assert segment_query('"unbalanced 商务') == '"unbalanced 商务"'


def test_fts_match_quotes_every_token():
    assert fts_match("阜新市商务局") == '"阜新市" "商务局"'
    assert fts_match('AND OR "') == '"AND" "OR"'
    assert fts_match("") == '""'


def test_add_terms_teaches_new_words():
    search.add_terms(["清河门区"])
    assert segment_query("清河门区") == "清河门区"


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
