#!/usr/bin/env python3
"""Independent reference scorer (a test oracle, not the product).

    python3 Tools/reference_scorer.py Samples/long-huu > Samples/expected.csv
    python3 Tools/reference_scorer.py FOLDER_OR_FILES... [--output FILE]

Written straight from shared/spec/reference-criteria.md and survey-files.md, with the reference
numbers hard-coded. It reads CSV survey files (the model of a file is recognised from its
header), scores learning families, clans and hamlets, and writes the `--format csv` output of
the contract: UTF-8, LF, header `model,xa,id,name,total,level,rank,TC1,TC2,TC3,TC4,reasons`.
Standard library only. All ratios are compared exactly (fractions.Fraction).
"""

import csv
import io
import os
import re
import sys
import unicodedata
from fractions import Fraction

# ============================================================================================
# Every Vietnamese message the scorer writes is here, so the wording can be changed in one place.

MSG = {
    # reasons
    "hh_vi_pham": "có thành viên vi phạm pháp luật, mắc tệ nạn xã hội",
    "clan_vi_pham": "có hộ vi phạm pháp luật, mắc tệ nạn xã hội: {codes}",
    "group_min": "{group} được {points} điểm, dưới mức tối thiểu {minimum}",
    "pass_mark": "tổng {total} điểm, dưới mức đạt {mark}",
    # row errors: prefix, then the specific text
    "where_cell": '{file} dòng {row}, cột "{column}": {text}',
    "where_row": "{file} dòng {row}: {text}",
    "not_int": '"{value}" không phải số nguyên',
    "negative": '"{value}" là số âm',
    "not_bool": '"{value}" không phải giá trị có/không (x, có, không, 1, 0…)',
    "blank": "bị bỏ trống",
    "not_positive": "phải lớn hơn 0 (đang là {value})",
    "greater": "{a} ({va}) lớn hơn {b} ({vb})",
    "duplicate": "trùng {keylabel} {key} với {others}",
    "dup_other_same_file": "dòng {row}",
    "dup_other_file": "{file} dòng {row}",
}
# Short names of numeric fields used in cross-field messages.
SHORT = {
    "tre_do_tuoi": "số trẻ trong độ tuổi",
    "tre_mien": "số trẻ được miễn",
    "tre_den_truong": "số trẻ đến trường",
    "tre_hoc_luc_dat": "số trẻ học lực đạt trở lên",
    "tre_hanh_kiem_kha": "số trẻ hạnh kiểm khá trở lên",
    "nguoi_lon": "số người lớn từ 19 đến 60 tuổi",
    "nguoi_lon_mien": "số người lớn không có khả năng học tập",
    "nguoi_lon_biet_chu": "số người lớn biết chữ",
    "nguoi_lon_hoc_tap": "số người lớn có học tập trong năm",
}

# ============================================================================================
# Models: fields (id, label, type, required) per survey-files.md

HH, CLAN, HAMLET = "gia-dinh-hoc-tap", "dong-ho-hoc-tap", "cong-dong-hoc-tap"
MODEL_ORDER = [HH, CLAN, HAMLET]

FIELDS = {
    HH: [
        ("ma_ho", "Mã hộ", "text", True),
        ("chu_ho", "Họ và tên chủ hộ", "text", True),
        ("ma_ap", "Mã ấp", "text", True),
        ("xa", "Xã/Phường", "text", True),
        ("ma_dong_ho", "Mã dòng họ", "text", False),
        ("vung_kho_khan", "Vùng khó khăn", "bool", True),
        ("ho_ngheo", "Hộ nghèo, cận nghèo", "bool", True),
        ("tre_do_tuoi", "Số trẻ trong độ tuổi phổ cập", "int", True),
        ("tre_mien", "Số trẻ được miễn", "int", True),
        ("tre_den_truong", "Số trẻ đến trường", "int", True),
        ("tre_hoc_luc_dat", "Số trẻ học lực đạt trở lên", "int", True),
        ("tre_hanh_kiem_kha", "Số trẻ hạnh kiểm khá trở lên", "int", True),
        ("tre_ngoan", "Trẻ ngoan, lễ phép", "bool", True),
        ("nguoi_lon", "Số người lớn từ 19 đến 60 tuổi", "int", True),
        ("nguoi_lon_mien", "Số người lớn không có khả năng học tập", "int", True),
        ("nguoi_lon_biet_chu", "Số người lớn biết chữ", "int", True),
        ("nguoi_lon_hoc_tap", "Số người lớn có học tập trong năm", "int", True),
        ("tham_gia_khuyen_hoc", "Tham gia hoạt động khuyến học", "bool", True),
        ("goc_hoc_tap", "Có góc học tập", "bool", True),
        ("tu_sach", "Có tủ sách, sách báo", "bool", True),
        ("phuong_tien", "Có phương tiện học tập", "bool", True),
        ("quy_khuyen_hoc", "Có quỹ khuyến học gia đình", "bool", True),
        ("kinh_te_on_dinh", "Kinh tế ổn định, phát triển", "bool", True),
        ("gia_dinh_van_hoa", "Đạt Gia đình văn hoá", "bool", True),
        ("vi_pham", "Có người vi phạm pháp luật, tệ nạn xã hội", "bool", True),
    ],
    CLAN: [
        ("ma_dong_ho", "Mã dòng họ", "text", True),
        ("ten_dong_ho", "Tên dòng họ", "text", True),
        ("xa", "Xã/Phường", "text", True),
        ("so_ho", "Số hộ trong dòng họ", "int", True),
        ("quy_khuyen_hoc", "Có quỹ khuyến học dòng họ", "bool", True),
        ("khen_thuong", "Khen thưởng con cháu học giỏi", "bool", True),
        ("ke_hoach", "Có kế hoạch, quy ước học tập", "bool", True),
        ("sinh_hoat", "Số buổi sinh hoạt có nội dung học tập", "int", True),
    ],
    HAMLET: [
        ("ma_ap", "Mã ấp", "text", True),
        ("ten_ap", "Tên ấp, khóm", "text", True),
        ("xa", "Xã/Phường", "text", True),
        ("so_ho", "Số hộ của ấp", "int", True),
        ("vung_kho_khan", "Vùng khó khăn", "bool", True),
        ("tu_sach_cong_dong", "Có tủ sách, phòng đọc cộng đồng", "bool", True),
        ("chi_hoi_khuyen_hoc", "Chi hội khuyến học hoạt động", "bool", True),
        ("hoat_dong_hoc_tap", "Số hoạt động học tập cộng đồng", "int", True),
    ],
}
KEY = {HH: "ma_ho", CLAN: "ma_dong_ho", HAMLET: "ma_ap"}
NAME = {HH: "chu_ho", CLAN: "ten_dong_ho", HAMLET: "ten_ap"}
# Cross-field constraints (a <= b), in the order they are checked; the message names column a.
LE = {
    HH: [("tre_mien", "tre_do_tuoi"), ("tre_den_truong", "tre_do_tuoi"),
         ("tre_hoc_luc_dat", "tre_den_truong"), ("tre_hanh_kiem_kha", "tre_den_truong"),
         ("nguoi_lon_mien", "nguoi_lon"), ("nguoi_lon_biet_chu", "nguoi_lon"),
         ("nguoi_lon_hoc_tap", "nguoi_lon")],
    CLAN: [], HAMLET: [],
}
POSITIVE = {HH: [], CLAN: ["so_ho"], HAMLET: ["so_ho"]}

BOOL_TRUE = {"có", "co", "x", "1", "đạt", "dat", "yes", "y", "true", "✓"}
BOOL_FALSE = {"không", "khong", "0", "no", "n", "false", "chưa đạt"}

# ============================================================================================
# Header normalisation (survey-files.md "Header matching")


def strip_marks(s):
    s = s.replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in unicodedata.normalize("NFD", s) if not unicodedata.combining(ch))


def norm_header(s):
    s = unicodedata.normalize("NFC", s).casefold()
    s = strip_marks(s)
    s = re.sub(r"[\W_]+", " ", s)
    return s.strip()


def match_columns(model, header):
    """Map field id -> column index, or None for a header that does not fit this model."""
    by_norm = {}
    for fid, label, _, _ in FIELDS[model]:
        by_norm[norm_header(fid)] = fid
        by_norm[norm_header(label)] = fid
    found = {}
    for i, h in enumerate(header):
        n = norm_header(h)
        fid = by_norm.get(n)
        if fid is None:
            for sep in ("/", "-"):
                if sep in h:
                    fid = by_norm.get(norm_header(h.rsplit(sep, 1)[1]))
                    if fid:
                        break
        if fid and fid not in found:
            found[fid] = i
    if all(fid in found for fid, _, _, req in FIELDS[model] if req):
        return found
    return None


# ============================================================================================
# Reading


def read_table(path):
    with open(path, "rb") as f:
        data = f.read()
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        text = data.decode("utf-16")
    else:
        text = data.decode("utf-8-sig")
    first = text.split("\n", 1)[0]
    delim = max([",", ";", "\t"], key=first.count)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))


def clean(s):
    return unicodedata.normalize("NFC", s).strip()


def parse_int(raw):
    s = raw.strip()
    m = re.fullmatch(r"([+-]?)(\d+)(?:\.0*)?", s)
    if not m:
        return None, "not_int"
    value = int(m.group(2))
    if m.group(1) == "-" and value != 0:
        return None, "negative"
    return value, None


def parse_bool(raw):
    s = clean(raw).casefold()
    if s == "":
        return False, None
    if s in BOOL_TRUE:
        return True, None
    if s in BOOL_FALSE:
        return False, None
    return None, "not_bool"


class Row:
    def __init__(self, model, file, rownum):
        self.model, self.file, self.rownum = model, file, rownum
        self.v = {}
        self.errors = []

    @property
    def key(self):
        return (self.v.get("xa"), self.v.get(KEY[self.model]))


def load(paths):
    rows = {m: [] for m in MODEL_ORDER}
    for path in paths:
        table = read_table(path)
        fname = os.path.basename(path)
        start = next((i for i, r in enumerate(table) if any(c.strip() for c in r)), None)
        if start is None:
            continue
        header = table[start]
        model = cols = None
        for m in MODEL_ORDER:
            cols = match_columns(m, header)
            if cols is not None:
                model = m
                break
        if model is None:
            sys.exit(f"{fname}: header matches no model")
        labels = {fid: label for fid, label, _, _ in FIELDS[model]}
        for idx in range(start + 1, len(table)):
            cells = table[idx]
            if not any(c.strip() for c in cells):
                continue
            row = Row(model, fname, idx + 1)  # spreadsheet row number: first record is row 1
            for fid, label, typ, req in FIELDS[model]:
                i = cols.get(fid)
                raw = cells[i] if i is not None and i < len(cells) else ""

                def err(text):
                    row.errors.append(MSG["where_cell"].format(file=fname, row=row.rownum,
                                                               column=header[i] if i is not None else label,
                                                               text=text))
                if typ == "text":
                    val = clean(raw)
                    if val == "" and req:
                        err(MSG["blank"])
                    row.v[fid] = val
                elif typ == "int":
                    if raw.strip() == "":
                        err(MSG["blank"])
                        continue
                    val, e = parse_int(raw)
                    if e:
                        err(MSG[e].format(value=raw.strip()))
                        continue
                    row.v[fid] = val
                else:
                    val, e = parse_bool(raw)
                    if e:
                        err(MSG[e].format(value=raw.strip()))
                        continue
                    row.v[fid] = val
            for fid in POSITIVE[model]:
                if fid in row.v and row.v[fid] <= 0:
                    i = cols[fid]
                    row.errors.append(MSG["where_cell"].format(
                        file=fname, row=row.rownum, column=header[i],
                        text=MSG["not_positive"].format(value=row.v[fid])))
            for a, b in LE[model]:
                if a in row.v and b in row.v and row.v[a] > row.v[b]:
                    row.errors.append(MSG["where_cell"].format(
                        file=fname, row=row.rownum, column=header[cols[a]],
                        text=MSG["greater"].format(a=SHORT[a], va=row.v[a], b=SHORT[b], vb=row.v[b])))
            rows[model].append(row)
    # Duplicate keys within a model, across all files: every row of the group is an error.
    for model in MODEL_ORDER:
        groups = {}
        for row in rows[model]:
            if row.v.get("xa") and row.v.get(KEY[model]):
                groups.setdefault(row.key, []).append(row)
        keylabel = next(label for fid, label, _, _ in FIELDS[model] if fid == KEY[model])
        keylabel = keylabel[0].lower() + keylabel[1:]
        for group in groups.values():
            if len(group) < 2:
                continue
            for row in group:
                others = ", ".join(
                    MSG["dup_other_same_file"].format(row=o.rownum) if o.file == row.file
                    else MSG["dup_other_file"].format(file=o.file, row=o.rownum)
                    for o in group if o is not row)
                row.errors.append(MSG["where_row"].format(
                    file=row.file, row=row.rownum,
                    text=MSG["duplicate"].format(keylabel=keylabel, key=row.key[1], others=others)))
    return rows


# ============================================================================================
# Scoring (reference-criteria.md)

CERTIFIED = ("dat", "tieu-bieu")


def decide(groups, minimums, pass_mark, disqualified_reason=None):
    """groups: [(name, points)]; returns (total, level, reasons)."""
    total = sum(p for _, p in groups)
    if disqualified_reason:
        return total, "khong-dat", [disqualified_reason]
    below = [MSG["group_min"].format(group=g, points=p, minimum=m)
             for (g, p), m in zip(groups, minimums) if p < m]
    if below:
        return total, "khong-dat", below
    if total < pass_mark:
        return total, "khong-dat", [MSG["pass_mark"].format(total=total, mark=pass_mark)]
    return total, ("tieu-bieu" if total >= 95 else "dat"), []


def score_household(v):
    tre = v["tre_do_tuoi"] - v["tre_mien"]
    nl = v["nguoi_lon"] - v["nguoi_lon_mien"]
    dt = v["tre_den_truong"]
    # 1.1
    if tre <= 0:
        i11 = 10
    elif dt >= tre:
        i11 = 10
    else:
        i11 = 0
    # 1.2
    if dt == 0:
        i12 = 10
    else:
        a = v["tre_hoc_luc_dat"] >= dt
        b = v["tre_hanh_kiem_kha"] >= dt
        i12 = 10 if (a and b) else 5 if (a != b) else 0
    # 1.3
    if v["tre_do_tuoi"] == 0:
        i13 = 10
    elif v["tre_ngoan"]:
        i13 = 10
    else:
        i13 = 0
    # 2.1
    if nl <= 0:
        i21 = 10
    elif v["nguoi_lon_biet_chu"] >= nl:
        i21 = 10
    else:
        i21 = 0
    # 2.2
    if nl <= 0:
        i22 = 10
    else:
        r = Fraction(v["nguoi_lon_hoc_tap"], nl)
        i22 = 10 if r >= 1 else 5 if r >= Fraction(1, 2) else 0
    i23 = 10 if v["tham_gia_khuyen_hoc"] else 0
    # 3.x
    g, t = v["goc_hoc_tap"], v["tu_sach"]
    i31 = 10 if (g and t) else 5 if (g or t) else 0
    i32 = 5 if v["phuong_tien"] else 0
    i33 = 5 if v["quy_khuyen_hoc"] else 0
    # 4.x
    i41 = 10 if v["kinh_te_on_dinh"] else 0
    i42 = 10 if v["gia_dinh_van_hoa"] else 0
    groups = [("TC1", i11 + i12 + i13), ("TC2", i21 + i22 + i23), ("TC3", i31 + i32 + i33),
              ("TC4", i41 + i42)]
    pass_mark = 70 if (v["vung_kho_khan"] or v["ho_ngheo"]) else 80
    dq = MSG["hh_vi_pham"] if v["vi_pham"] else None
    total, level, reasons = decide(groups, [15, 15, 10, 10], pass_mark, dq)
    return [p for _, p in groups], total, level, reasons


def score_clan(v, members):
    """members: valid household rows of this clan, in input order, with .level set."""
    gdht = sum(1 for m in members if m.level in CERTIFIED)
    ty_le = Fraction(gdht, v["so_ho"])
    i11 = 40 if ty_le >= Fraction(7, 10) else 20 if ty_le >= Fraction(1, 2) else 0
    i21 = 15 if v["quy_khuyen_hoc"] else 0
    i22 = 15 if v["khen_thuong"] else 0
    i31 = 15 if v["ke_hoach"] else 0
    sh = v["sinh_hoat"]
    i32 = 15 if sh >= 2 else 5 if sh == 1 else 0
    groups = [("TC1", i11), ("TC2", i21 + i22), ("TC3", i31 + i32)]
    offenders = [m.v["ma_ho"] for m in members if m.v["vi_pham"]]
    dq = MSG["clan_vi_pham"].format(codes=", ".join(offenders)) if offenders else None
    total, level, reasons = decide(groups, [20, 0, 0], 80, dq)
    return [p for _, p in groups], total, level, reasons


def score_hamlet(v, members):
    gdht = sum(1 for m in members if m.level in CERTIFIED)
    ty_le = Fraction(gdht, v["so_ho"])
    top = Fraction(6, 10) if v["vung_kho_khan"] else Fraction(7, 10)
    i11 = 40 if ty_le >= top else 20 if ty_le >= Fraction(1, 2) else 0
    tre_can = sum(max(m.v["tre_do_tuoi"] - m.v["tre_mien"], 0) for m in members)
    tre_hoc = sum(min(m.v["tre_den_truong"], max(m.v["tre_do_tuoi"] - m.v["tre_mien"], 0))
                  for m in members)
    ty_le_tre = Fraction(1) if tre_can == 0 else Fraction(tre_hoc, tre_can)
    i21 = 30 if ty_le_tre >= 1 else 15 if ty_le_tre >= Fraction(95, 100) else 0
    i31 = 10 if v["tu_sach_cong_dong"] else 0
    i32 = 10 if v["chi_hoi_khuyen_hoc"] else 0
    hd = v["hoat_dong_hoc_tap"]
    i33 = 10 if hd >= 4 else 5 if hd >= 2 else 0
    groups = [("TC1", i11), ("TC2", i21), ("TC3", i31 + i32 + i33)]
    total, level, reasons = decide(groups, [20, 0, 0], 80)
    return [p for _, p in groups], total, level, reasons


def score_all(rows):
    valid_hh = []
    for r in rows[HH]:
        if r.errors:
            r.level = "loi"
            continue
        r.groups, r.total, r.level, r.reasons = score_household(r.v)
        valid_hh.append(r)
    for r in rows[CLAN]:
        if r.errors:
            r.level = "loi"
            continue
        members = [h for h in valid_hh if h.v["xa"] == r.v["xa"] and h.v["ma_dong_ho"] == r.v["ma_dong_ho"]]
        r.groups, r.total, r.level, r.reasons = score_clan(r.v, members)
    for r in rows[HAMLET]:
        if r.errors:
            r.level = "loi"
            continue
        members = [h for h in valid_hh if h.v["xa"] == r.v["xa"] and h.v["ma_ap"] == r.v["ma_ap"]]
        r.groups, r.total, r.level, r.reasons = score_hamlet(r.v, members)


# ============================================================================================
# Vietnamese collation (reference-criteria.md "Ranking"): letters first, ignoring tones and
# case, in the Vietnamese alphabet; then tones left to right; then lower before upper case.

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"   # f j w z sit where Latin puts them
LETTER_RANK = {ch: i for i, ch in enumerate(ALPHABET)}
TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
SHAPE = {("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê", ("o", "\u0302"): "ô",
         ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư"}


def collation_key(s):
    prim, tones, cases = [], [], []
    for ch in unicodedata.normalize("NFC", s):
        d = unicodedata.normalize("NFD", ch)
        base, marks = d[0], d[1:]
        lower = base.lower()
        upper = base != lower
        letter = lower
        tone = 0
        for mk in marks:
            if (letter, mk) in SHAPE:
                letter = SHAPE[(letter, mk)]
            elif mk in TONE_MARKS:
                tone = TONE_MARKS[mk]
        if letter.isspace():
            p = (0, 0)
        elif letter in LETTER_RANK:
            p = (4, LETTER_RANK[letter])
        elif letter.isdigit():
            p = (2, ord(letter))
        elif letter.isalpha():
            p = (5, ord(letter))
        else:
            p = (1, ord(letter))  # punctuation and symbols: after space, before digits
        prim.append(p)
        tones.append(tone)
        cases.append(1 if upper else 0)
    return (tuple(prim), tuple(tones), tuple(cases))


# ============================================================================================
# Output

LEVEL_ORDER = {"tieu-bieu": 0, "dat": 1, "khong-dat": 2}
HEADER = ["model", "xa", "id", "name", "total", "level", "rank", "TC1", "TC2", "TC3", "TC4", "reasons"]


def csv_field(s):
    s = str(s)
    if any(c in s for c in ',"\n\r'):
        return '"' + s.replace('"', '""') + '"'
    return s


def output(rows):
    lines = [",".join(HEADER)]
    for model in MODEL_ORDER:
        communes = sorted({r.v.get("xa", "") for r in rows[model]}, key=collation_key)
        for xa in communes:
            scored = [r for r in rows[model] if r.v.get("xa", "") == xa and r.level != "loi"]
            merit = lambda r: (LEVEL_ORDER[r.level], -r.total)
            for r in scored:
                r.rank = 1 + sum(1 for o in scored if merit(o) < merit(r))
            scored.sort(key=lambda r: (r.rank, collation_key(r.v[NAME[model]]), r.v[KEY[model]]))
            for r in scored:
                g = r.groups + [""] * (4 - len(r.groups))
                lines.append(",".join(csv_field(x) for x in
                                      [model, xa, r.v[KEY[model]], r.v[NAME[model]], r.total, r.level,
                                       r.rank] + g + ["; ".join(r.reasons)]))
            for r in rows[model]:
                if r.v.get("xa", "") == xa and r.level == "loi":
                    lines.append(",".join(csv_field(x) for x in
                                          [model, xa, r.v.get(KEY[model], ""), r.v.get(NAME[model], ""),
                                           "", "loi", "", "", "", "", "", "; ".join(r.errors)]))
    return "\n".join(lines) + "\n"


def main(argv):
    out_path = None
    args = []
    it = iter(argv)
    for a in it:
        if a == "--output":
            out_path = next(it)
        else:
            args.append(a)
    if not args:
        sys.exit(__doc__)
    paths = []
    for a in args:
        if os.path.isdir(a):
            paths += [os.path.join(a, f) for f in sorted(os.listdir(a))
                      if f.lower().endswith((".csv", ".txt"))]
        else:
            paths.append(a)
    rows = load(paths)
    score_all(rows)
    data = output(rows).encode("utf-8")
    if out_path:
        with open(out_path, "wb") as f:
            f.write(data)
    else:
        sys.stdout.buffer.write(data)


if __name__ == "__main__":
    main(sys.argv[1:])
