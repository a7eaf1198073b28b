"""Small text normalisers shared by the field parsers (all pure, never raise on str input)."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache, wraps

SOFT = "\x1f"   # boundary of an inline element (span/a/font…): invisible in values
CELL = "\x1e"   # boundary of a table cell / dt / dd: a hard separator

_WS_CHARS = "\u00a0\u3000\u2002\u2003\u2009\u200b\u200c\u200d\ufeff\t\r\n\f\v"
_WS_ANY = re.compile("[ %s]+" % _WS_CHARS)  # a run of spaces and _WS_CHARS, by one C scan
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}]) +| +(?=[{_CJK}])")

# Traditional -> Simplified, one character for one character, for *matching* only: labels, report
# titles, organisation names (indices stay aligned, so values are cut from the original text and
# returned as printed). Only characters that are not themselves in use as Simplified characters.
_TRAD_PAIRS = (
    # metadata labels
    "發发 佈布 時时 間间 來来 點点 擊击 數数 訪访 問问 瀏浏 覽览 責责 編编 輯辑 機机 構构 單单 關关 開开 號号 "
    "類类 閱阅 讀读 載载 歸归 檔档 創创 題题 稱称 種种 詞词 鍵键 報报 務务 資资 訊讯 計计 審审 對对 內内 "
    "標标 體体 網网 頁页 導导 簡简 聯联 絡络 寫写 錄录 員员 視视 頻频 圖图 稿稿 範范 處处 覈核 "
    # report titles and their exclusions
    "統统 於于 關关 做做 達达 轉转 徵征 規规 進进 強强 組组 認认 實实 施施 際际 點点 畫画 動动 "
    "測测 評评 議议 檢检 查查 督督 綱纲 說说 題题 會会 訓训 記记 況况 製制 復复 "
    # organisations and places
    "縣县 區区 辦办 廳厅 員员 處处 隊队 館馆 團团 學学 醫医 協协 監监 獄狱 銀银 園园 鎮镇 鄉乡 "
    "門门 業业 農农 衛卫 產产 財财 稅税 環环 護护 設设 劃划 執执 場场 質质 應应 療疗 障障 軍军 "
    "運运 輸输 貿贸 經经 濟济 術术 發发 陽阳 東东 廣广 龍龙 鳳凤 灣湾 莊庄 寧宁 興兴 雲云 貴贵 "
    "遼辽 黃黄 蘇苏 島岛 嶺岭 漢汉 陝陕 臺台 灣湾 國国 華华 藝艺 傳传 險险 舊旧 災灾 歷历 "
    "糧粮 價价 買买 賣卖 廠厂 礦矿 電电 氣气 鐵铁 線线 橋桥 遞递 郵邮 僑侨 僅仅 聽听 樂乐 "
    "環环 儀仪 龐庞 鄧邓 劉刘 張张 陳陈 楊杨 趙赵 吳吴 孫孙 馬马 許许 鄭郑 謝谢 韓韩 馮冯 "
    "蔣蒋 瀋沈 盧卢 葉叶 錢钱 鄒邹 鍾钟 齊齐 紀纪 "
    # frequent words in bodies and names
    "這这 個个 們们 為为 與与 將将 後后 條条 例例 規规 據据 總总 務务 請请 當当 從从 屬属 "
    "職职 預预 決决 算算 廢废 項项 驗验 證证 權权 責责 購购 裡里 適适 級级 積积 極极 "
    "額额 費费 現现 變变 滿满 續续 辭辞 戶户 間间 問问 義义 織织 結结 歸归 維维 穩稳 "
    "務务 開开 參参 與与 務务 讓让 識识 維维 優优 勢势 誌志 採采 擴扩 權权 屆届 選选 "
    "慶庆 無无 溝沟 務务 節节 應应 環环 爭争 層层 遠远 邊边 鬥斗 講讲 築筑 鍊炼 勞劳 動动"
)
_TRAD = str.maketrans({t: s for t, s in (pair for pair in _TRAD_PAIRS.split()) if t != s})
_TRAD_ANY = re.compile("[" + "".join(chr(c) for c in _TRAD) + "]")


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, computed as NFC of NFKD: the same string by the
    definition of NFKC (compatibility decomposition, then canonical composition), and several
    times faster on CPython for Chinese text, where NFKD's output passes NFC's quick check.
    ASCII is its own NFKC."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", unicodedata.normalize("NFKD", text))


def to_simplified(text: str) -> str:
    """Map common Traditional characters to Simplified (same length), for matching only."""
    if not text or not _TRAD_ANY.search(text):
        return text
    return text.translate(_TRAD)


fold = to_simplified

SHORT_TEXT = 400  # characters: a line, a label or a name, not a whole body


def short_text_cache(function):
    """``function`` of one string, remembered for short strings (the layout, heading, metadata
    and agency passes read the same lines and names of a page); long text is never kept."""
    cached = lru_cache(maxsize=4096)(function)

    @wraps(function)
    def read(text):
        if not isinstance(text, str) or len(text) > SHORT_TEXT:
            return function(text)
        return cached(text)

    read.cache_clear = cached.cache_clear
    return read


@short_text_cache
def squeeze(text: str | None) -> str:
    """Whitespace (incl. &nbsp;, U+3000, zero-width) collapsed to single spaces, stripped."""
    if not text:
        return ""
    text = text.replace(SOFT, "").replace(CELL, " ")
    return _WS_ANY.sub(" ", text).strip()


@short_text_cache
def tidy_heading(text: str | None) -> str:
    """A heading as displayed: whitespace next to CJK characters removed, other runs collapsed."""
    return _CJK_SPACE.sub("", squeeze(text))


def has_cjk(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", text or ""))
