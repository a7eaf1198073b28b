"""Generate held-out 政府信息公开工作年度报告 PDFs plus their expected JSON.

Run: .venv/bin/python tests/data/pdf_holdout/make_pdfs.py  (from the checkout)
Every string is placed by coordinates (reportlab canvas, invariant=1), so the
output is deterministic.  Expected cells are the numbers exactly as printed;
failed_checks are computed from those printed numbers.
"""
import json
import os
import random

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = 'STSong-Light'
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
HERE = os.path.dirname(os.path.abspath(__file__))
PW, PH = 595.0, 842.0
LM, RM, TOP, BOTTOM = 56.0, 56.0, 780.0, 60.0


def sw(s, fs):
    return pdfmetrics.stringWidth(s, FONT, fs)


def wrap(text, width, fs):
    """Greedy wrap by characters (CJK text has no word breaks)."""
    if not text:
        return ['']
    lines, cur = [], ''
    for ch in text:
        if cur and sw(cur + ch, fs) > width:
            lines.append(cur)
            cur = ch
        else:
            cur += ch
    lines.append(cur)
    return lines


def wrap_spaced(text, width, fs):
    """Letter-spaced header text: '商业企业' -> ['商 业 企', '业']."""
    lines, cur = [], ''
    for ch in text:
        cand = (cur + ' ' + ch) if cur else ch
        if cur and sw(cand, fs) > width:
            lines.append(cur)
            cur = ch
        else:
            cur = cand
    lines.append(cur)
    return lines


class Doc:
    def __init__(self):
        self.pages = [[]]
        self.y = TOP

    def op(self, *a):
        self.pages[-1].append(a)

    def new_page(self):
        self.pages.append([])
        self.y = TOP

    def need(self, h):
        if self.y - h < BOTTOM:
            self.new_page()

    def text(self, x, y, s, fs=10.5):
        self.op('t', x, y, s, fs)

    def line(self, x1, y1, x2, y2):
        self.op('l', x1, y1, x2, y2)

    def title(self, s, fs=16):
        self.need(40)
        self.text((PW - sw(s, fs)) / 2, self.y - fs, s, fs)
        self.y -= fs + 18

    def heading(self, s, fs=12):
        self.need(fs * 3)
        self.text(LM, self.y - fs, s, fs)
        self.y -= fs * 1.9

    def para(self, s, fs=10.5):
        width = PW - LM - RM
        first = '\u3000\u3000' + s
        lines = wrap(first, width, fs)
        for ln in lines:
            self.need(fs * 1.7)
            self.text(LM, self.y - fs, ln, fs)
            self.y -= fs * 1.7
        self.y -= 3

    def save(self, path):
        c = canvas.Canvas(path, pagesize=(PW, PH), invariant=1)
        c.setTitle(os.path.basename(path))
        c.setLineWidth(0.6)
        for n, ops in enumerate(self.pages):
            for o in ops:
                if o[0] == 't':
                    c.setFont(FONT, o[4])
                    c.drawString(o[1], o[2], o[3])
                else:
                    c.line(o[1], o[2], o[3], o[4])
            c.setFont(FONT, 9)
            pg = '- %d -' % (n + 1)
            c.drawString((PW - sw(pg, 9)) / 2, 30, pg)
            c.showPage()
        c.save()


class Cell:
    def __init__(self, r, c, text, rs=1, cs=1, align='left', vertical=False,
                 spaced=False, fs=None, glue=False, num=False):
        self.r, self.c, self.text, self.rs, self.cs = r, c, text, rs, cs
        self.align, self.vertical, self.spaced = align, vertical, spaced
        self.fs, self.glue, self.num = fs, glue, num


def table(doc, widths, cells, nheader, ruled, fs=9.0, valign='middle',
          repeat_header=False, x0=LM, pad=3.0, breaks=()):
    """Grid table: cells with row/col spans, wrapped labels, vertical labels,
    numbers on the first/middle/last line of their row, breaking across pages."""
    nrows = max(c.r + c.rs for c in cells)
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    lh = fs * 1.35

    def cw(c):
        return xs[c.c + c.cs] - xs[c.c]

    def lines_of(c):
        f = c.fs or fs
        if c.vertical:
            return list(c.text)
        if c.glue or c.num:
            return [c.text]
        if c.spaced:
            return wrap_spaced(c.text, cw(c) - 2, f)
        return wrap(c.text, cw(c) - 2 * pad + 0.5, f)

    nl = [1] * nrows
    for c in cells:
        if c.rs == 1 and not c.vertical:
            nl[c.r] = max(nl[c.r], len(lines_of(c)))
    rh = [n * lh + 2 * pad for n in nl]
    for c in cells:  # tall rowspan labels stretch their rows
        if c.rs > 1 or c.vertical:
            need = len(lines_of(c)) * lh + 2 * pad
            have = sum(rh[c.r:c.r + c.rs])
            if need > have:
                for r in range(c.r, c.r + c.rs):
                    rh[r] += (need - have) / c.rs
    # place rows on pages
    place = {}  # row -> (page, ytop)
    header_rows = list(range(nheader))

    copies = []

    def put_header():
        copies.append((len(doc.pages) - 1, doc.y))
        doc.y -= sum(rh[r] for r in header_rows)

    for r in range(nrows):
        if r < nheader:
            if r == 0:
                doc.need(sum(rh[:nheader]) + rh[nheader] if nheader < nrows else 0)
            place[r] = (len(doc.pages) - 1, doc.y)
            doc.y -= rh[r]
            continue
        if r in breaks or doc.y - rh[r] < BOTTOM:
            doc.new_page()
            if repeat_header:
                put_header()
        place[r] = (len(doc.pages) - 1, doc.y)
        doc.y -= rh[r]
    doc.y -= 10

    def emit(page, o):
        doc.pages[page].append(o)

    def baseline(r, idx, ytop):
        return ytop - pad - lh * idx - fs * 1.02

    def draw_cell(c, r_rows, hdr_y=None):
        f = c.fs or fs
        lines = lines_of(c)
        # page segments
        segs = {}
        for r in r_rows:
            pg, yt = place[r] if hdr_y is None else hdr_y[r]
            s = segs.setdefault(pg, [yt, yt - rh[r]])
            s[1] = yt - rh[r]
        x1, x2 = xs[c.c], xs[c.c + c.cs]
        pages = sorted(segs)
        if ruled:
            for i, pg in enumerate(pages):
                yt, yb = segs[pg]
                emit(pg, ('l', x1, yt, x1, yb))
                emit(pg, ('l', x2, yt, x2, yb))
                if i == 0:
                    emit(pg, ('l', x1, yt, x2, yt))
                if i == len(pages) - 1:
                    emit(pg, ('l', x1, yb, x2, yb))
        # text goes on the segment holding most rows (first one on ties)
        best = max(pages, key=lambda p: (sum(1 for r in r_rows if (place[r] if hdr_y is None else hdr_y[r])[0] == p), -p))
        yt, yb = segs[best]
        if c.rs == 1 and not c.vertical and (c.num or c.glue):
            n = nl[c.r]
            idx = {'first': 0, 'last': n - 1, 'middle': (n - 1) / 2.0}[valign]
            top = yt - ((yt - yb) - n * lh) / 2.0
            ys = [top - lh * idx - fs * 1.02]
        else:
            tot = len(lines) * lh
            top = yt - ((yt - yb) - tot) / 2.0
            ys = [top - lh * i - fs * 1.02 for i in range(len(lines))]
        for ln, y in zip(lines, ys):
            w = sw(ln, f)
            if c.align == 'center':
                x = (x1 + x2 - w) / 2.0
            elif c.align == 'right':
                x = x2 - w - 0.9
            else:
                x = x1 + pad
            if c.glue:
                nxt = [d for d in cells if d.r == c.r and d.c == c.c + c.cs][0]
                nw = sw(nxt.text, nxt.fs or fs)
                nx1, nx2 = xs[nxt.c], xs[nxt.c + nxt.cs]
                if nxt.align == 'center':
                    nx = (nx1 + nx2 - nw) / 2.0
                elif nxt.align == 'right':
                    nx = nx2 - nw - 0.9
                else:
                    nx = nx1 + pad
                x = nx - w
            emit(best, ('t', x, y, ln, f))

    for c in cells:
        draw_cell(c, list(range(c.r, c.r + c.rs)))
    # repeated headers on later pages
    for pg, base in copies:
        hy, y = {}, base
        for rr in header_rows:
            hy[rr] = (pg, y)
            y -= rh[rr]
        for c in cells:
            if c.r < nheader:
                draw_cell(c, list(range(c.r, c.r + c.rs)), hdr_y=hy)


# ---------------------------------------------------------------- labels
S3_ROWS_2021 = [
    ('new', 'top', '一、本年新收政府信息公开申请数量'),
    ('carried_over', 'top', '二、上年结转政府信息公开申请数量'),
    ('granted', 'mid', '（一）予以公开'),
    ('partly_granted', 'mid', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）'),
    ('denied_state_secret', 'g3', '1.属于国家秘密'),
    ('denied_law', 'g3', '2.其他法律行政法规禁止公开'),
    ('denied_three_safety', 'g3', '3.危及“三安全一稳定”'),
    ('denied_third_party', 'g3', '4.保护第三方合法权益'),
    ('denied_internal', 'g3', '5.属于三类内部事务信息'),
    ('denied_process', 'g3', '6.属于四类过程性信息'),
    ('denied_enforcement_file', 'g3', '7.属于行政执法案卷'),
    ('denied_inquiry', 'g3', '8.属于行政查询事项'),
    ('unable_not_held', 'g4', '1.本机关不掌握相关政府信息'),
    ('unable_need_create', 'g4', '2.没有现成信息需要另行制作'),
    ('unable_unclear', 'g4', '3.补正后申请内容仍不明确'),
    ('not_processed_petition', 'g5', '1.信访举报投诉类申请'),
    ('not_processed_repeat', 'g5', '2.重复申请'),
    ('not_processed_publication', 'g5', '3.要求提供公开出版物'),
    ('not_processed_massive', 'g5', '4.无正当理由大量反复申请'),
    ('not_processed_confirm', 'g5', '5.要求行政机关确认或重新出具已获取信息'),
    ('other_no_correction', 'g6', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'),
    ('other_no_fee', 'g6', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'),
    ('other_other', 'g6', '3.其他'),
    ('total', 'mid', '（七）总计'),
    ('carried_forward', 'top', '四、结转下年度继续办理'),
]
S3_ROWS_2019 = [r for r in S3_ROWS_2021 if r[1] != 'g6']
S3_ROWS_2019.insert(20, ('other', 'mid', '（六）其他处理'))
GROUPS = {'g3': '（三）不予公开', 'g4': '（四）无法提供', 'g5': '（五）不予处理', 'g6': '（六）其他处理'}
COLS = ['natural_person', 'business', 'research', 'public_interest', 'legal_services', 'other_org', 'total']
ORG = ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他']
REVIEW_ROWS = ['reconsideration', 'lawsuit_direct', 'lawsuit_after_reconsideration']
REVIEW_COLS = ['upheld', 'corrected', 'other_result', 'pending', 'total']
REVIEW_LABELS = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']


def fmt(v):
    if v is None:
        return ''
    if isinstance(v, float):
        return ('%.2f' % v).rstrip('0').rstrip('.') if v != int(v) else '%.1f' % v
    return str(v)


# ---------------------------------------------------------------- data
def make_data(fmt_year, seed, inconsistent=False):
    rnd = random.Random(seed)
    cells = {}
    if fmt_year == '2021':
        for r in ['regulations', 'normative_docs']:
            cells[('active', r, 'issued')] = rnd.choice([0, 0, 1, 2, 3, 5, 12])
            cells[('active', r, 'repealed')] = rnd.choice([0, 0, 1, 2])
            cells[('active', r, 'in_force')] = rnd.choice([0, 4, 9, 16, 23, 38])
        for r in ['licensing', 'penalties', 'enforcement']:
            cells[('active', r, 'decisions')] = rnd.choice([0, 3, 27, 86, 152, 1530, 2741])
        cells[('active', 'fees', 'amount')] = rnd.choice([12.35, 56.8, 3.62, 108.45, 0.9])
        rows = S3_ROWS_2021
    else:
        for r in ['regulations', 'normative_docs']:
            m = rnd.choice([0, 1, 2, 4, 7])
            cells[('active', r, 'made')] = m
            cells[('active', r, 'published')] = m
            cells[('active', r, 'disclosed_total')] = m + rnd.choice([0, 5, 11, 26])
        for r in ['licensing', 'other_services', 'penalties', 'enforcement']:
            cells[('active', r, 'prev_items')] = rnd.choice([0, 12, 35, 148, 206])
            cells[('active', r, 'change')] = rnd.choice([0, 1, 2, 5])
            cells[('active', r, 'decisions')] = rnd.choice([0, 3, 64, 447, 1530])
        cells[('active', 'fees', 'prev_items')] = rnd.choice([0, 1, 3])
        cells[('active', 'fees', 'change')] = rnd.choice([0, 1])
        cells[('active', 'procurement', 'items')] = rnd.choice([2, 3, 8, 15])
        cells[('active', 'procurement', 'amount')] = rnd.choice([86.42, 340.58, 1205.3, 27.6])
        rows = S3_ROWS_2019
    outcome = [r[0] for r in rows if r[0] not in ('new', 'carried_over', 'total', 'carried_forward')]
    for col in COLS[:6]:
        big = col == 'natural_person'
        new = rnd.choice([3, 5, 6, 8, 9]) if big else rnd.choice([0, 0, 1, 2, 3])
        co = rnd.choice([0, 1]) if big else rnd.choice([0, 0, 1])
        cf = min(new + co, rnd.choice([0, 1]) if big else rnd.choice([0, 0, 1]))
        done = new + co - cf
        vals = {o: 0 for o in outcome}
        pref = ['granted'] * 5 + ['partly_granted'] * 2 + ['unable_not_held'] * 2 + outcome
        for _ in range(done):
            vals[rnd.choice(pref)] += 1
        cells[('applications', 'new', col)] = new
        cells[('applications', 'carried_over', col)] = co
        cells[('applications', 'carried_forward', col)] = cf
        cells[('applications', 'total', col)] = done
        for o in outcome:
            cells[('applications', o, col)] = vals[o]
    for r in [x[0] for x in rows]:
        cells[('applications', r, 'total')] = sum(cells[('applications', r, c)] for c in COLS[:6])
    for r in REVIEW_ROWS:
        parts = [rnd.choice([0, 0, 1, 2]) for _ in range(4)]
        if r == 'reconsideration' and sum(parts) == 0:
            parts[0] = 1
        for c, v in zip(REVIEW_COLS, parts + [sum(parts)]):
            cells[('review', r, c)] = v
    if inconsistent:
        cells[('review', 'reconsideration', 'total')] = 0
    return cells, rows


def checks(cells, rows):
    def g(*k):
        v = cells.get(k)
        return 0 if v is None else v
    failed = []
    outcome = [r[0] for r in rows if r[0] not in ('new', 'carried_over', 'total', 'carried_forward')]
    for c in COLS:
        if g('applications', 'new', c) + g('applications', 'carried_over', c) != \
                g('applications', 'total', c) + g('applications', 'carried_forward', c):
            failed.append('identity:' + c)
        if g('applications', 'total', c) != sum(g('applications', o, c) for o in outcome):
            failed.append('sum:' + c)
    for r in [x[0] for x in rows]:
        if g('applications', r, 'total') != sum(g('applications', r, c) for c in COLS[:6]):
            failed.append('row_total:' + r)
    for r in REVIEW_ROWS:
        if g('review', r, 'total') != sum(g('review', r, c) for c in REVIEW_COLS[:4]):
            failed.append('review_total:' + r)
    return sorted(failed)


# ---------------------------------------------------------------- sections
def section2(doc, cells, fy, o):
    ruled, fs = o['ruled'], 9.5
    W = PW - LM - RM
    if fy == '2021':
        blocks = [
            ('第二十条第（一）项', ['本年制发件数', '本年废止件数', '现行有效件数'],
             [('规章', 'regulations'), ('行政规范性文件', 'normative_docs')], ['issued', 'repealed', 'in_force']),
            ('第二十条第（五）项', ['本年处理决定数量'], [('行政许可', 'licensing')], ['decisions']),
            ('第二十条第（六）项', ['本年处理决定数量'],
             [('行政处罚', 'penalties'), ('行政强制', 'enforcement')], ['decisions']),
            ('第二十条第（八）项', ['本年收费金额（单位：万元）'], [('行政事业性收费', 'fees')], ['amount']),
        ]
    else:
        blocks = [
            ('第二十条第（一）项', ['本年新制作数量', '本年新公开数量', '对外公开总数量'],
             [('规章', 'regulations'), ('规范性文件', 'normative_docs')], ['made', 'published', 'disclosed_total']),
            ('第二十条第（五）项', ['上一年项目数量', '本年增/减', '处理决定数量'],
             [('行政许可', 'licensing'), ('其他对外管理服务事项', 'other_services')], ['prev_items', 'change', 'decisions']),
            ('第二十条第（六）项', ['上一年项目数量', '本年增/减', '处理决定数量'],
             [('行政处罚', 'penalties'), ('行政强制', 'enforcement')], ['prev_items', 'change', 'decisions']),
            ('第二十条第（八）项', ['上一年项目数量', '本年增/减'], [('行政事业性收费', 'fees')], ['prev_items', 'change']),
            ('第二十条第（九）项', ['采购项目数量', '采购总金额（万元）'], [('政府集中采购', 'procurement')], ['items', 'amount']),
        ]
    for title, heads, rws, cols in blocks:
        n = len(heads)
        lw = o.get('s2_label_w', 150)
        widths = [lw] + [(W - lw) / n] * n
        cells_ = [Cell(0, 0, title, cs=n + 1, align='center')]
        cells_.append(Cell(1, 0, '信息内容', align='center', spaced=o.get('spaced_header', False)))
        for i, h in enumerate(heads):
            cells_.append(Cell(1, 1 + i, h, align='center', spaced=o.get('spaced_header', False)))
        for j, (lab, code) in enumerate(rws):
            cells_.append(Cell(2 + j, 0, lab, align='left'))
            for i, c in enumerate(cols):
                cells_.append(Cell(2 + j, 1 + i, fmt(cells[('active', code, c)]), align='center', num=True))
        table(doc, widths, cells_, 2, ruled, fs=fs, valign='middle')


def section3(doc, cells, rows, fy, o):
    ruled = o['ruled']
    fs = o.get('s3_fs', 9.0)
    narrow = o.get('narrow', False)
    vertical = o.get('vertical', False)
    typos = o.get('typos', {})
    glue = set(o.get('glue', []))
    W = PW - LM - RM
    if narrow:
        nw = []
        for c in COLS:
            m = max(sw(fmt(cells[('applications', r[0], c)]), fs) for r in rows)
            nw.append(m + (sw(' ', fs) if o.get('narrow_join') else o.get('narrow_gap', 3.5)))
        nw[0] += 3  # small gap between label block and numbers
    else:
        nw = [o.get('numw', 34.0)] * 7
    la = o.get('col_a', 16.0 if vertical else 40.0)
    lb = o.get('col_b', 16.0 if vertical else 44.0)
    lc = W - la - lb - sum(nw) if not o.get('label_w') else o['label_w']
    widths = [la, lb, lc] + nw
    sp = o.get('spaced_header', False)
    hfs = o.get('hfs', fs if not narrow else 5.0)
    cl = []
    cl.append(Cell(0, 0, '申请人情况', rs=2, cs=3, align='center', spaced=sp))
    if narrow:
        cl.append(Cell(0, 3, '自然人', rs=2, vertical=True, align='center', fs=hfs))
        cl.append(Cell(0, 4, '法人或其他组织', cs=5, align='center', fs=hfs))
        for i, h in enumerate(ORG):
            cl.append(Cell(1, 4 + i, h, vertical=True, align='center', fs=hfs))
        cl.append(Cell(0, 9, '总计', rs=2, vertical=True, align='center', fs=hfs))
    else:
        cl.append(Cell(0, 3, '自然人', rs=2, align='center', spaced=sp, fs=hfs))
        cl.append(Cell(0, 4, '法人或其他组织', cs=5, align='center', spaced=sp, fs=hfs))
        for i, h in enumerate(ORG):
            cl.append(Cell(1, 4 + i, h, align='center', spaced=sp, fs=hfs))
        cl.append(Cell(0, 9, '总计', rs=2, align='center', spaced=sp, fs=hfs))
    r0 = 2
    idx = {code: r0 + i for i, (code, kind, lab) in enumerate(rows)}
    mid_rows = [idx[c] for c, k, l in rows if k not in ('top',)]
    cl.append(Cell(min(mid_rows), 0, '三、本年度办理结果', rs=len(mid_rows), vertical=vertical,
                   align='center'))
    for g, lab in GROUPS.items():
        gr = [idx[c] for c, k, l in rows if k == g]
        if gr:
            cl.append(Cell(min(gr), 1, typos.get(lab, lab), rs=len(gr), vertical=vertical, align='center'))
    for code, kind, lab in rows:
        r = idx[code]
        lab = typos.get(lab, lab)
        c0, cs = {'top': (0, 3), 'mid': (1, 2)}.get(kind, (2, 1))
        cl.append(Cell(r, c0, lab, cs=cs, align='left', glue=code in glue))
        if o.get('narrow_join'):  # one string, numbers joined by literal single spaces
            cl.append(Cell(r, 3, ' '.join(fmt(cells[('applications', code, c)]) for c in COLS),
                           cs=7, align='right', num=True))
            continue
        for i, c in enumerate(COLS):
            cl.append(Cell(r, 3 + i, fmt(cells[('applications', code, c)]),
                           align='right' if narrow else 'center', num=True))
    table(doc, widths, cl, 2, ruled, fs=fs, valign=o.get('valign', 'middle'),
          repeat_header=o.get('repeat_header', False), pad=o.get('pad', 3.0),
          breaks={idx[c] for c in o.get('break_before', ())})


def section4(doc, cells, o):
    ruled = o['ruled']
    fs = 9.0
    W = PW - LM - RM
    widths = [W / 15] * 15
    sp = o.get('spaced_header', False)
    rv = o.get('typos', {}).get('行政复议', '行政复议')
    cl = [Cell(0, 0, rv, rs=2, cs=5, align='center', spaced=sp),
          Cell(0, 5, '行政诉讼', cs=10, align='center', spaced=sp),
          Cell(1, 5, '未经复议直接起诉', cs=5, align='center', spaced=sp),
          Cell(1, 10, '复议后起诉', cs=5, align='center', spaced=sp)]
    for k in range(3):
        for i, lab in enumerate(REVIEW_LABELS):
            cl.append(Cell(2, 5 * k + i, lab, align='center', spaced=sp,
                           vertical=o.get('s4_vertical', False)))
    for k, r in enumerate(REVIEW_ROWS):
        for i, c in enumerate(REVIEW_COLS):
            cl.append(Cell(3, 5 * k + i, fmt(cells[('review', r, c)]), align='center', num=True))
    table(doc, widths, cl, 3, ruled, fs=fs)


PROSE = {
    '一': '本年度，{org}深入贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，'
          '围绕中心工作，进一步健全信息公开工作机制，加强政策解读和回应关切，不断提升政务公开质量和实效。'
          '全年通过门户网站、政务新媒体等渠道主动公开各类政府信息，依法依规办理政府信息公开申请，'
          '政府信息管理和平台建设持续加强，监督保障工作落实到位。',
    '五': '本年度政府信息公开工作仍存在一些不足：一是公开内容的深度和广度有待拓展；二是政策解读形式较为单一；'
          '三是工作人员业务能力有待提高。下一步，我们将加强业务培训，丰富解读形式，持续提升政务公开工作水平。',
    '六': '本年度未收取信息处理费。本机关无其他需要报告的事项。',
}


def build(spec):
    name, fy, year = spec['name'], spec['format'], spec['year']
    cells, rows = make_data(fy, spec['seed'], spec.get('inconsistent', False))
    o = spec['opts']
    doc = Doc()
    org = spec['org']
    doc.title('%s%d年政府信息公开工作年度报告' % (org, year))
    intro = ('本报告由%s根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制。全文包括总体情况、'
             '主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议及行政诉讼情况、'
             '存在的主要问题及改进情况、其他需要报告的事项。本报告所列数据统计期限为%d年1月1日至%d年12月31日。'
             % (org, year, year))
    doc.para(intro)
    doc.heading('一、总体情况')
    for _ in range(o.get('prose_reps', 1)):
        doc.para(PROSE['一'].format(org=org))
    doc.heading('二、主动公开政府信息情况')
    section2(doc, cells, fy, o)
    if o.get('break_before_s3'):
        doc.new_page()
    doc.heading('三、收到和处理政府信息公开申请情况')
    if o.get('s3_gap'):
        doc.y -= o['s3_gap']
    section3(doc, cells, rows, fy, o)
    doc.heading('四、政府信息公开行政复议、行政诉讼情况')
    section4(doc, cells, o)
    doc.heading('五、存在的主要问题及改进情况')
    doc.para(PROSE['五'])
    doc.heading('六、其他需要报告的事项')
    doc.para(PROSE['六'])
    doc.y -= 20
    doc.need(40)
    doc.text(PW - RM - sw(org, 10.5), doc.y - 10.5, org, 10.5)
    d = '%d年1月20日' % (year + 1)
    doc.text(PW - RM - sw(d, 10.5), doc.y - 28, d, 10.5)
    pdf = name + '.pdf'
    doc.save(os.path.join(HERE, pdf))
    out = {
        'file': pdf,
        'report_year': year,
        'format': fy,
        'cells': {','.join(k): v for k, v in sorted(cells.items(), key=lambda kv: ','.join(kv[0]))},
        'failed_checks': checks(cells, rows),
    }
    out['cells'] = dict(sorted(out['cells'].items()))
    with open(os.path.join(HERE, name + '.json'), 'w', encoding='utf-8') as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write('\n')
    return out, len(doc.pages)


SPECS = [
    dict(name='h01_ruled_vertical_pages_2021', format='2021', year=2021, seed=101,
         org='临川县市场监督管理局',
         opts=dict(ruled=True, vertical=True, valign='middle', label_w=170, numw=34.0, prose_reps=2)),
    dict(name='h02_unruled_narrow_glued_2019', format='2019', year=2019, seed=202,
         org='安远县教育体育局',
         opts=dict(ruled=False, narrow=True, valign='last', label_w=118,
                   glue=['new', 'carried_over', 'total', 'carried_forward'],
                   typos={'2.其他法律行政法规禁止公开': '2.其他法律行政止公开',
                          '四、结转下年度继续办理': '四、结转下年度继续力理'})),
    dict(name='h03_ruled_spaced_pages_inconsistent_2019', format='2019', year=2019, seed=303,
         org='崇义县自然资源局', inconsistent=True,
         opts=dict(ruled=True, spaced_header=True, valign='last', label_w=128, numw=34.0,
                   repeat_header=True, prose_reps=3, break_before=['denied_internal'])),
    dict(name='h04_unruled_vertical_narrow_inconsistent_2021', format='2021', year=2021, seed=404,
         org='龙南县卫生健康委员会', inconsistent=True,
         opts=dict(ruled=False, vertical=True, narrow=True, valign='first', label_w=150, prose_reps=3,
                   s3_fs=9.5, narrow_join=True)),
    dict(name='h05_ruled_glued_typos_wrapped_2021', format='2021', year=2021, seed=505,
         org='全南县农业农村局',
         opts=dict(ruled=True, valign='middle', label_w=100, col_a=34, col_b=40, numw=36.0,
                   glue=['new', 'carried_over', 'granted', 'total'],
                   typos={'2.其他法律行政法规禁止公开': '2.其他法律行政止公开',
                          '3.危及“三安全一稳定”': '3.危及“三安全一稳走”',
                          '（五）不予处理': '（五）不于处理',
                          '行政复议': '行政复义'})),
    dict(name='h06_unruled_vertical_spaced_pages_2019', format='2019', year=2019, seed=606,
         org='定南县水利局',
         opts=dict(ruled=False, vertical=True, spaced_header=True, valign='first', label_w=112,
                   numw=38.0, prose_reps=2, break_before=['unable_need_create'])),
    dict(name='h07_ruled_narrow_typos_inconsistent_2021', format='2021', year=2021, seed=707,
         org='寻乌县住房和城乡建设局', inconsistent=True,
         opts=dict(ruled=True, narrow=True, narrow_gap=3.6, vertical=True, valign='last', label_w=132,
                   s3_fs=10.0,
                   typos={'1.本机关不掌握相关政府信息': '1.本机关不掌捤相关政府信息',
                          '二、上年结转政府信息公开申请数量': '二、上年结转政府信息公开申情数量',
                          '（四）无法提供': '（四）无法提洪'})),
    dict(name='h08_unruled_spaced_wrapped_glued_pages_2019', format='2019', year=2019, seed=808,
         org='会昌县交通运输局',
         opts=dict(ruled=False, spaced_header=True, valign='middle', label_w=92, col_a=36, col_b=44,
                   numw=40.0, glue=['carried_forward', 'other', 'total'], prose_reps=3,
                   repeat_header=False)),
]


if __name__ == '__main__':
    for s in SPECS:
        out, npages = build(s)
        print(s['name'], npages, 'pages', len(out['cells']), 'cells', out['failed_checks'])
