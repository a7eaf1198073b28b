"""Image-only reports (图片版, scanned) for the OCR tests: the 2021-form standard tables drawn as
page images with PIL and Noto CJK, and the same pages as a PDF with no text layer.

    python -m xxgk.fixtureweb.authoring.report_images [OUT_DIR]   # default tests/data/ocr

Writes page1_active.png, page2_applications.jpg (blurred, JPEG: a scan), page3_review.png,
scanned.pdf (the three pages, the second slightly skewed) and expected.json: every table cell as
``"section,row_code,col_code": value`` (codes of xxgk/extract/stats/codes.py), per file.
Deterministic: the same fonts give the same bytes. Needs Pillow and fonts-noto-cjk.
"""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
BOLD = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
WIDTH, HEIGHT, MARGIN = 1240, 1754, 80  # A4 at 150 dpi
OUT = Path(__file__).resolve().parents[3] / "tests" / "data" / "ocr"
TITLE = "某某县市场监督管理局2021年政府信息公开工作年度报告"

ACTIVE = [  # (第二十条 item, header, [(row label, row code, {col code: value})])
    ("第二十条第（一）项", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
     [("规章", "regulations", {"issued": 0, "repealed": 0, "in_force": 2}),
      ("行政规范性文件", "normative_docs", {"issued": 7, "repealed": 3, "in_force": 41})]),
    ("第二十条第（五）项", ["信息内容", "本年处理决定数量"],
     [("行政许可", "licensing", {"decisions": 1326})]),
    ("第二十条第（六）项", ["信息内容", "本年处理决定数量"],
     [("行政处罚", "penalties", {"decisions": 215}), ("行政强制", "enforcement", {"decisions": 12})]),
    ("第二十条第（八）项", ["信息内容", "本年收费金额（单位：万元）"],
     [("行政事业性收费", "fees", {"amount": 56.8})]),
]
APPLICANTS = ["natural_person", "business", "research", "public_interest", "legal_services",
              "other_org", "total"]
APPLICATIONS = [  # (group printed in the merged second column or None, label, code, 7 values)
    (None, "一、本年新收政府信息公开申请数量", "new", [45, 6, 0, 1, 2, 0, 54]),
    (None, "二、上年结转政府信息公开申请数量", "carried_over", [3, 0, 0, 0, 0, 0, 3]),
    ("", "（一）予以公开", "granted", [20, 3, 0, 1, 1, 0, 25]),
    ("", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partly_granted", [6, 1, 0, 0, 0, 0, 7]),
    ("（三）不予公开", "1.属于国家秘密", "denied_state_secret", [0, 0, 0, 0, 0, 0, 0]),
    ("（三）不予公开", "2.其他法律行政法规禁止公开", "denied_law", [0, 0, 0, 0, 0, 0, 0]),
    ("（三）不予公开", "3.危及“三安全一稳定”", "denied_three_safety", [1, 0, 0, 0, 0, 0, 1]),
    ("（三）不予公开", "4.保护第三方合法权益", "denied_third_party", [2, 0, 0, 0, 1, 0, 3]),
    ("（三）不予公开", "5.属于三类内部事务信息", "denied_internal", [0, 0, 0, 0, 0, 0, 0]),
    ("（三）不予公开", "6.属于四类过程性信息", "denied_process", [1, 0, 0, 0, 0, 0, 1]),
    ("（三）不予公开", "7.属于行政执法案卷", "denied_enforcement_file", [0, 0, 0, 0, 0, 0, 0]),
    ("（三）不予公开", "8.属于行政查询事项", "denied_inquiry", [0, 0, 0, 0, 0, 0, 0]),
    ("（四）无法提供", "1.本机关不掌握相关政府信息", "unable_not_held", [8, 1, 0, 0, 0, 0, 9]),
    ("（四）无法提供", "2.没有现成信息需要另行制作", "unable_need_create", [1, 0, 0, 0, 0, 0, 1]),
    ("（四）无法提供", "3.补正后申请内容仍不明确", "unable_unclear", [1, 0, 0, 0, 0, 0, 1]),
    ("（五）不予处理", "1.信访举报投诉类申请", "not_processed_petition", [2, 0, 0, 0, 0, 0, 2]),
    ("（五）不予处理", "2.重复申请", "not_processed_repeat", [1, 0, 0, 0, 0, 0, 1]),
    ("（五）不予处理", "3.要求提供公开出版物", "not_processed_publication", [0, 0, 0, 0, 0, 0, 0]),
    ("（五）不予处理", "4.无正当理由大量反复申请", "not_processed_massive", [0, 0, 0, 0, 0, 0, 0]),
    ("（五）不予处理", "5.要求行政机关确认或重新出具已获取信息", "not_processed_confirm",
     [0, 0, 0, 0, 0, 0, 0]),
    ("（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
     "other_no_correction", [1, 0, 0, 0, 0, 0, 1]),
    ("（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
     "other_no_fee", [0, 0, 0, 0, 0, 0, 0]),
    ("（六）其他处理", "3.其他", "other_other", [0, 0, 0, 0, 0, 0, 0]),
    ("", "（七）总计", "total", [44, 5, 0, 1, 2, 0, 52]),
    (None, "四、结转下年度继续办理", "carried_forward", [4, 1, 0, 0, 0, 0, 5]),
]
REVIEW_ROWS = ["reconsideration", "lawsuit_direct", "lawsuit_after_reconsideration"]
REVIEW_COLS = ["upheld", "corrected", "other_result", "pending", "total"]
REVIEW = [2, 1, 0, 0, 3, 1, 0, 0, 1, 2, 0, 0, 0, 0, 0]
RESULTS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


class Page:
    """One page being drawn: a cursor going down, paragraphs and ruled tables."""

    def __init__(self, size: int = 22):
        self.image = Image.new("L", (WIDTH, HEIGHT), 255)
        self.draw = ImageDraw.Draw(self.image)
        self.font = ImageFont.truetype(FONT, size)
        self.y = MARGIN

    def line(self, text: str, size: int = 22, bold: bool = False, centre: bool = False) -> None:
        font = ImageFont.truetype(BOLD if bold else FONT, size)
        for part in wrap(self.draw, text, font, WIDTH - 2 * MARGIN):
            width = self.draw.textlength(part, font=font)
            x = (WIDTH - width) / 2 if centre else MARGIN
            self.draw.text((x, self.y), part, font=font, fill=0)
            self.y += int(size * 1.7)

    def cell(self, box: tuple[int, int, int, int], text: str, font=None, left=False) -> None:
        """A ruled cell (x0, y0, x1, y1) with its text wrapped and centred in it."""
        font = font or self.font
        x0, y0, x1, y1 = box
        self.draw.rectangle(box, outline=0, width=2)
        lines = wrap(self.draw, text, font, x1 - x0 - 12) if text else []
        step = int(font.size * 1.35)
        top = (y0 + y1) / 2 - step * len(lines) / 2
        for k, part in enumerate(lines):
            width = self.draw.textlength(part, font=font)
            x = x0 + 8 if left else (x0 + x1 - width) / 2
            self.draw.text((x, top + k * step + (step - font.size) / 2 - 2), part, font=font, fill=0)


def wrap(draw, text: str, font, width: float) -> list[str]:
    lines, current = [], ""
    for char in text:
        if current and draw.textlength(current + char, font=font) > width:
            lines.append(current)
            current = ""
        current += char
    return lines + ([current] if current else [])


def active_page() -> tuple[Image.Image, dict]:
    page, cells = Page(), {}
    page.line(TITLE, 30, bold=True, centre=True)
    page.y += 10
    page.line("一、总体情况", 24, bold=True)
    page.line("2021年，本局坚持以公开为常态、不公开为例外，全面推进政府信息公开工作。")
    page.line("二、主动公开政府信息情况", 24, bold=True)
    page.y += 6
    x0, x1, height = MARGIN, WIDTH - MARGIN, 48
    for item, header, rows in ACTIVE:
        page.cell((x0, page.y, x1, page.y + height), item)
        page.y += height
        widths = [(x1 - x0) * 0.34] + [(x1 - x0) * 0.66 / (len(header) - 1)] * (len(header) - 1)
        edges = [x0 + int(sum(widths[:k])) for k in range(len(widths))] + [x1]
        for texts in [header] + [[label] + [_print(v) for v in values.values()]
                                 for label, _, values in rows]:
            for k, text in enumerate(texts):
                page.cell((edges[k], page.y, edges[k + 1], page.y + height), text)
            page.y += height
        for _, code, values in rows:
            cells.update({f"active,{code},{col}": v for col, v in values.items()})
    return page.image, cells


def applications_page() -> tuple[Image.Image, dict]:
    page, cells = Page(20), {}
    page.line("三、收到和处理政府信息公开申请情况", 24, bold=True)
    x0, x1 = MARGIN - 30, WIDTH - MARGIN + 30
    a, b, c = x0 + 90, x0 + 200, x0 + 520  # label columns: 三、… | （三）… | 1.…
    cols = [c + int((x1 - c) * k / 7) for k in range(8)]
    top, h = page.y, 40
    page.cell((x0, top, c, top + 3 * h + 12), "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    page.cell((c, top, x1, top + h), "申请人情况")
    page.cell((cols[0], top + h, cols[1], top + 3 * h + 12), "自然人")
    page.cell((cols[1], top + h, cols[6], top + 2 * h), "法人或其他组织")
    page.cell((cols[6], top + h, x1, top + 3 * h + 12), "总计")
    for k, name in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]):
        page.cell((cols[k + 1], top + 2 * h, cols[k + 2], top + 3 * h + 12), name, _small(page, 18))
    y, spans = top + 3 * h + 12, {}
    for group, label, code, values in APPLICATIONS:
        start = x0 if group is None else (a if group == "" else b)
        lines = len(wrap(page.draw, label, page.font, c - start - 12))
        rh = max(h, int(lines * page.font.size * 1.35) + 12)
        page.cell((start, y, c, y + rh), label, left=group is not None)
        if group is not None:
            spans.setdefault("三、本年度办理结果", [y, 0])[1] = y + rh
            if group:
                spans.setdefault(group, [y, 0])[1] = y + rh
        for k, v in enumerate(values):
            page.cell((cols[k], y, cols[k + 1], y + rh), _print(v))
            cells[f"applications,{code},{APPLICANTS[k]}"] = v
        y += rh
    for name, (y0, y1) in spans.items():
        left, right = (x0, a) if name.startswith("三") else (a, b)
        page.draw.rectangle((left, y0, right, y1), fill=255)
        page.cell((left, y0, right, y1), name)
    return page.image, cells


def review_page() -> tuple[Image.Image, dict]:
    page, cells = Page(20), {}
    page.line("四、政府信息公开行政复议、行政诉讼情况", 24, bold=True)
    x0, x1, h, top = MARGIN - 30, WIDTH - MARGIN + 30, 44, page.y
    cols = [x0 + int((x1 - x0) * k / 15) for k in range(16)]
    small = _small(page, 18)
    page.cell((cols[0], top, cols[5], top + h), "行政复议")
    page.cell((cols[5], top, x1, top + h), "行政诉讼")
    page.cell((cols[5], top + h, cols[10], top + 2 * h), "未经复议直接起诉")
    page.cell((cols[10], top + h, x1, top + 2 * h), "复议后起诉")
    for k in range(15):
        y0 = top + h if k < 5 else top + 2 * h
        page.cell((cols[k], y0, cols[k + 1], top + 4 * h), RESULTS[k % 5], small)
        page.cell((cols[k], top + 4 * h, cols[k + 1], top + 5 * h), str(REVIEW[k]))
        cells[f"review,{REVIEW_ROWS[k // 5]},{REVIEW_COLS[k % 5]}"] = REVIEW[k]
    page.y = top + 5 * h + 30
    page.line("五、存在的主要问题及改进情况", 24, bold=True)
    page.line("一是政策解读形式单一，二是公开平台栏目更新不够及时。下一步将加强培训。")
    page.line("六、其他需要报告的事项", 24, bold=True)
    page.line("本年度未收取信息处理费。")
    return page.image, cells


def _small(page: Page, size: int):
    return ImageFont.truetype(FONT, size)


def _print(value) -> str:
    return str(value)


def scanned(image: Image.Image, skew: float = 0.0) -> Image.Image:
    """What a scanner gives: a little blur, a slight skew."""
    out = image.filter(ImageFilter.GaussianBlur(0.7))
    return out.rotate(skew, resample=Image.BICUBIC, fillcolor=255) if skew else out


def write(out: Path = OUT) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    pages = [active_page(), applications_page(), review_page()]
    names = ["page1_active.png", "page2_applications.jpg", "page3_review.png"]
    expected = {}
    for (image, cells), name in zip(pages, names):
        if name.endswith(".jpg"):
            scanned(image).save(out / name, "JPEG", quality=70)
        else:
            image.quantize(16).save(out / name, "PNG", optimize=True)
        expected[name] = cells
    scans = [scanned(image, skew).convert("L") for (image, _), skew in zip(pages, (0, 0.4, 0))]
    buf = io.BytesIO()
    scans[0].save(buf, "PDF", resolution=150, save_all=True, append_images=scans[1:], quality=60)
    (out / "scanned.pdf").write_bytes(buf.getvalue())
    expected["scanned.pdf"] = {k: v for _, cells in pages for k, v in cells.items()}
    (out / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n",
                                       encoding="utf-8")
    return expected


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
