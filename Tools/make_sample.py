#!/usr/bin/env python3
"""Deterministic generator of the sample commune Xã Long Hữu (thị xã Duyên Hải, tỉnh Trà Vinh).

    python3 Tools/make_sample.py                 # writes Samples/long-huu/*.csv and Samples/long-huu.xlsx
    python3 Tools/make_sample.py --check Samples/expected.csv
                                                 # compares a scoring output with the design

The data is designed, not merely random: every household is generated from chosen indicator
branches (so its points are known by construction, independently of any scorer), a set of
hand-written special households covers every branch of every rule, and the numbers of
certified households per clan and per hamlet are fixed in advance so that the clan and hamlet
ratios land exactly on the boundaries of the reference criteria. `--check` compares the
designed totals and levels with the output of a scorer (Tools/reference_scorer.py or the
Swift engine's `--format csv`).

Needs Python 3.11 and openpyxl (pip install openpyxl) for the workbook.
"""

import csv
import io
import math
import os
import random
import re
import sys
import zipfile

SEED = 20241105
XA = "Long Hữu"

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "Samples", "long-huu")
OUT_XLSX = os.path.join(ROOT, "Samples", "long-huu.xlsx")

# --------------------------------------------------------------------------------------------
# Columns (ids and Vietnamese labels exactly as in survey-files.md)

HH_COLUMNS = [
    ("ma_ho", "Mã hộ"),
    ("chu_ho", "Họ và tên chủ hộ"),
    ("ma_ap", "Mã ấp"),
    ("xa", "Xã/Phường"),
    ("ma_dong_ho", "Mã dòng họ"),
    ("vung_kho_khan", "Vùng khó khăn"),
    ("ho_ngheo", "Hộ nghèo, cận nghèo"),
    ("tre_do_tuoi", "Số trẻ trong độ tuổi phổ cập"),
    ("tre_mien", "Số trẻ được miễn"),
    ("tre_den_truong", "Số trẻ đến trường"),
    ("tre_hoc_luc_dat", "Số trẻ học lực đạt trở lên"),
    ("tre_hanh_kiem_kha", "Số trẻ hạnh kiểm khá trở lên"),
    ("tre_ngoan", "Trẻ ngoan, lễ phép"),
    ("nguoi_lon", "Số người lớn từ 19 đến 60 tuổi"),
    ("nguoi_lon_mien", "Số người lớn không có khả năng học tập"),
    ("nguoi_lon_biet_chu", "Số người lớn biết chữ"),
    ("nguoi_lon_hoc_tap", "Số người lớn có học tập trong năm"),
    ("tham_gia_khuyen_hoc", "Tham gia hoạt động khuyến học"),
    ("goc_hoc_tap", "Có góc học tập"),
    ("tu_sach", "Có tủ sách, sách báo"),
    ("phuong_tien", "Có phương tiện học tập"),
    ("quy_khuyen_hoc", "Có quỹ khuyến học gia đình"),
    ("kinh_te_on_dinh", "Kinh tế ổn định, phát triển"),
    ("gia_dinh_van_hoa", "Đạt Gia đình văn hoá"),
    ("vi_pham", "Có người vi phạm pháp luật, tệ nạn xã hội"),
]
CLAN_COLUMNS = [
    ("ma_dong_ho", "Mã dòng họ"),
    ("ten_dong_ho", "Tên dòng họ"),
    ("xa", "Xã/Phường"),
    ("so_ho", "Số hộ trong dòng họ"),
    ("quy_khuyen_hoc", "Có quỹ khuyến học dòng họ"),
    ("khen_thuong", "Khen thưởng con cháu học giỏi"),
    ("ke_hoach", "Có kế hoạch, quy ước học tập"),
    ("sinh_hoat", "Số buổi sinh hoạt có nội dung học tập"),
]
HAMLET_COLUMNS = [
    ("ma_ap", "Mã ấp"),
    ("ten_ap", "Tên ấp, khóm"),
    ("xa", "Xã/Phường"),
    ("so_ho", "Số hộ của ấp"),
    ("vung_kho_khan", "Vùng khó khăn"),
    ("tu_sach_cong_dong", "Có tủ sách, phòng đọc cộng đồng"),
    ("chi_hoi_khuyen_hoc", "Chi hội khuyến học hoạt động"),
    ("hoat_dong_hoc_tap", "Số hoạt động học tập cộng đồng"),
]
HH_BOOLS = [c for c, _ in HH_COLUMNS if c in (
    "vung_kho_khan", "ho_ngheo", "tre_ngoan", "tham_gia_khuyen_hoc", "goc_hoc_tap", "tu_sach",
    "phuong_tien", "quy_khuyen_hoc", "kinh_te_on_dinh", "gia_dinh_van_hoa", "vi_pham")]
# Household columns a clerk fills with "Có"/"Không" (also the clan's khen_thuong and the hamlet's
# vung_kho_khan, below); all other boolean columns get "x" (now and then "X") or stay blank.
CO_KHONG = {"ho_ngheo", "gia_dinh_van_hoa"}

# --------------------------------------------------------------------------------------------
# Hamlets and clans, with the designed outcome (worked by hand from reference-criteria.md).
# listed = valid household rows of the hamlet in the file, cert = how many of them are certified.

HAMLETS = [
    # code, name, so_ho, vkk, tu_sach, chi_hoi, hoat_dong, listed, cert, children mode, expected
    dict(code="LK", name="Long Khánh", so_ho=80, vkk=False, tu_sach=True, chi_hoi=True, hoat_dong=4,
         listed=74, cert=56, tre="all", expect=(40, 30, 30, 100, "tieu-bieu")),
    dict(code="LD", name="Long Định", so_ho=75, vkk=True, tu_sach=True, chi_hoi=True, hoat_dong=2,
         listed=70, cert=45, tre="0.95", expect=(40, 15, 25, 80, "dat")),
    dict(code="LT", name="Long Thạnh", so_ho=70, vkk=False, tu_sach=True, chi_hoi=True, hoat_dong=5,
         listed=66, cert=42, tre="all", expect=(20, 30, 30, 80, "dat")),
    dict(code="LDI", name="Long Điền", so_ho=78, vkk=False, tu_sach=True, chi_hoi=False, hoat_dong=1,
         listed=72, cert=35, tre="low", expect=(0, 0, 10, 10, "khong-dat")),
    dict(code="LH", name="Long Hội", so_ho=80, vkk=True, tu_sach=False, chi_hoi=True, hoat_dong=4,
         listed=74, cert=44, tre="all", expect=(20, 30, 20, 70, "khong-dat")),
]
HAMLET_BY_CODE = {h["code"]: h for h in HAMLETS}

CLANS = [
    dict(code="DH01", name="Họ Nguyễn", surname="Nguyễn", khmer=False, so_ho=20, quy=True, khen=True,
         ke=True, sinh_hoat=3, cert=14, noncert=4, where={"LK": 4, "LT": 3, "LDI": 3},
         expect=(40, 30, 30, 100, "tieu-bieu")),
    dict(code="DH02", name="Họ Trần", surname="Trần", khmer=False, so_ho=20, quy=True, khen=True,
         ke=True, sinh_hoat=2, cert=13, noncert=5, where={"LK": 5, "LT": 3, "LDI": 2},
         expect=(20, 30, 30, 80, "dat")),
    dict(code="DH03", name="Họ Lê", surname="Lê", khmer=False, so_ho=20, quy=True, khen=True,
         ke=True, sinh_hoat=1, cert=10, noncert=8, where={"LT": 4, "LDI": 4, "LK": 2},
         expect=(20, 30, 20, 70, "khong-dat")),
    dict(code="DH04", name="Họ Huỳnh", surname="Huỳnh", khmer=False, so_ho=20, quy=True, khen=True,
         ke=False, sinh_hoat=2, cert=9, noncert=9, where={"LDI": 6, "LT": 4},
         expect=(0, 30, 15, 45, "khong-dat")),
    dict(code="DH05", name="Họ Võ", surname="Võ", khmer=False, so_ho=15, quy=True, khen=True,
         ke=True, sinh_hoat=4, cert=12, noncert=3, where={"LK": 4, "LT": 3, "LDI": 3},
         expect=(40, 30, 30, 100, "khong-dat")),
    dict(code="DH06", name="Họ Thạch", surname="Thạch", khmer=True, so_ho=20, quy=True, khen=True,
         ke=True, sinh_hoat=1, cert=15, noncert=4, where={"LD": 5, "LH": 4, "LT": 1},
         expect=(40, 30, 20, 90, "dat")),
    dict(code="DH07", name="Họ Sơn", surname="Sơn", khmer=True, so_ho=16, quy=True, khen=True,
         ke=True, sinh_hoat=4, cert=8, noncert=6, where={"LD": 5, "LH": 5},
         expect=(20, 30, 30, 80, "dat")),
    dict(code="DH08", name="Họ Kim", surname="Kim", khmer=True, so_ho=15, quy=False, khen=True,
         ke=True, sinh_hoat=2, cert=12, noncert=3, where={"LH": 6, "LD": 4},
         expect=(40, 15, 30, 85, "dat")),
    dict(code="DH09", name="Họ Danh", surname="Danh", khmer=True, so_ho=10, quy=True, khen=True,
         ke=True, sinh_hoat=0, cert=7, noncert=3, where={"LD": 5, "LH": 5},
         expect=(40, 30, 15, 85, "dat")),
    dict(code="DH10", name="Họ Lâm", surname="Lâm", khmer=False, so_ho=10, quy=True, khen=False,
         ke=True, sinh_hoat=2, cert=6, noncert=3, where={"LK": 4, "LT": 3, "LH": 3},
         expect=(20, 15, 30, 65, "khong-dat")),
]
CLAN_BY_CODE = {c["code"]: c for c in CLANS}

# --------------------------------------------------------------------------------------------
# Special households: hand-written values, hand-worked expectation (TC1..TC4, total, level).
# Values not given take FULL. README.md works most of them out line by line.

FULL = dict(tre_do_tuoi=2, tre_mien=0, tre_den_truong=2, tre_hoc_luc_dat=2, tre_hanh_kiem_kha=2,
            tre_ngoan=True, nguoi_lon=2, nguoi_lon_mien=0, nguoi_lon_biet_chu=2,
            nguoi_lon_hoc_tap=2, tham_gia_khuyen_hoc=True, goc_hoc_tap=True, tu_sach=True,
            phuong_tien=True, quy_khuyen_hoc=True, kinh_te_on_dinh=True, gia_dinh_van_hoa=True,
            vi_pham=False, ho_ngheo=False)

SPECIALS = [
    dict(tag="S01", ap="LK", dh="DH01", name="Nguyễn Văn Hùng", v={},
         expect=(30, 30, 20, 20, 100, "tieu-bieu")),
    dict(tag="S02", ap="LT", dh="DH01", name="Nguyễn Văn Hùng",
         v=dict(tre_do_tuoi=1, tre_den_truong=1, tre_hoc_luc_dat=1, tre_hanh_kiem_kha=1,
                nguoi_lon=3, nguoi_lon_biet_chu=3, nguoi_lon_hoc_tap=3),
         expect=(30, 30, 20, 20, 100, "tieu-bieu")),
    dict(tag="S03", ap="LT", dh="DH05", name="Võ Văn Tâm", v=dict(vi_pham=True),
         expect=(30, 30, 20, 20, 100, "khong-dat")),
    dict(tag="S04", ap="LDI", dh="DH05", name="Võ Thị Mai",
         v=dict(tre_do_tuoi=1, tre_den_truong=1, tre_hoc_luc_dat=1, tre_hanh_kiem_kha=0,
                nguoi_lon_hoc_tap=0, tham_gia_khuyen_hoc=False, tu_sach=False, phuong_tien=False,
                quy_khuyen_hoc=False, kinh_te_on_dinh=False, vi_pham=True),
         expect=(25, 10, 5, 10, 50, "khong-dat")),
    dict(tag="S05", ap="LK", dh="", name="Trương Văn Lộc", v=dict(nguoi_lon_hoc_tap=1),
         expect=(30, 25, 20, 20, 95, "tieu-bieu")),
    dict(tag="S06", ap="LT", dh="DH06", name="Thạch Thị Sa Rươl",
         v=dict(tre_hanh_kiem_kha=1, goc_hoc_tap=False),
         expect=(25, 30, 15, 20, 90, "dat")),
    dict(tag="S07", ap="LK", dh="DH02", name="Trần Văn Sang",
         v=dict(tham_gia_khuyen_hoc=False, goc_hoc_tap=False, tu_sach=False),
         expect=(30, 20, 10, 20, 80, "dat")),
    dict(tag="S08", ap="LDI", dh="", name="Phạm Văn Tư",
         v=dict(tre_hoc_luc_dat=1, nguoi_lon=3, nguoi_lon_biet_chu=3, nguoi_lon_hoc_tap=1,
                goc_hoc_tap=False, quy_khuyen_hoc=False),
         expect=(25, 20, 10, 20, 75, "khong-dat")),
    dict(tag="S09", ap="LD", dh="DH07", name="Sơn Thị Sóc Kha",
         v=dict(tre_ngoan=False, nguoi_lon_biet_chu=1, phuong_tien=False, quy_khuyen_hoc=False),
         expect=(20, 20, 10, 20, 70, "dat")),
    dict(tag="S10", ap="LK", dh="", name="Lê Thị Cúc",
         v=dict(ho_ngheo=True, tham_gia_khuyen_hoc=False, goc_hoc_tap=False, tu_sach=False,
                kinh_te_on_dinh=False),
         expect=(30, 20, 10, 10, 70, "dat")),
    dict(tag="S11", ap="LT", dh="DH10", name="Lâm Văn Phước",
         v=dict(tham_gia_khuyen_hoc=False, goc_hoc_tap=False, tu_sach=False,
                kinh_te_on_dinh=False),
         expect=(30, 20, 10, 10, 70, "khong-dat")),
    dict(tag="S12", ap="LH", dh="DH08", name="Kim Văn Rinh",
         v=dict(tre_hanh_kiem_kha=1, tham_gia_khuyen_hoc=False, goc_hoc_tap=False, tu_sach=False,
                gia_dinh_van_hoa=False),
         expect=(25, 20, 10, 10, 65, "khong-dat")),
    dict(tag="S13", ap="LDI", dh="DH04", name="Huỳnh Văn Út",
         v=dict(tre_den_truong=0, tre_hoc_luc_dat=0, tre_hanh_kiem_kha=0, tre_ngoan=False),
         expect=(10, 30, 20, 20, 80, "khong-dat")),
    dict(tag="S14", ap="LH", dh="DH09", name="Danh Sà Phanh",
         v=dict(nguoi_lon=3, nguoi_lon_biet_chu=2, nguoi_lon_hoc_tap=0),
         expect=(30, 10, 20, 20, 80, "khong-dat")),
    dict(tag="S15", ap="LD", dh="", name="Đặng Văn Dũng",
         v=dict(goc_hoc_tap=False, tu_sach=False, phuong_tien=False),
         expect=(30, 30, 5, 20, 85, "khong-dat")),
    dict(tag="S16", ap="LK", dh="", name="Dương Văn Đức",
         v=dict(kinh_te_on_dinh=False, gia_dinh_van_hoa=False),
         expect=(30, 30, 20, 0, 80, "khong-dat")),
    dict(tag="S17", ap="LT", dh="", name="Ngô Thị Hạnh",
         v=dict(tu_sach=False, phuong_tien=False, quy_khuyen_hoc=False, kinh_te_on_dinh=False,
                gia_dinh_van_hoa=False),
         expect=(30, 30, 5, 0, 65, "khong-dat")),
    dict(tag="S18", ap="LH", dh="DH07", name="Sơn Văn Sô Phol",
         v=dict(tre_do_tuoi=1, tre_mien=1, tre_den_truong=0, tre_hoc_luc_dat=0, tre_hanh_kiem_kha=0),
         expect=(30, 30, 20, 20, 100, "tieu-bieu")),
    dict(tag="S19", ap="LT", dh="", name="Lê Văn Tứ",
         v=dict(tre_do_tuoi=0, tre_den_truong=0, tre_hoc_luc_dat=0, tre_hanh_kiem_kha=0,
                tre_ngoan=False),
         expect=(30, 30, 20, 20, 100, "tieu-bieu")),
    dict(tag="S20", ap="LD", dh="DH09", name="Danh Thị Sa Ly",
         v=dict(nguoi_lon=0, nguoi_lon_biet_chu=0, nguoi_lon_hoc_tap=0),
         expect=(30, 30, 20, 20, 100, "tieu-bieu")),
    dict(tag="S21", ap="LH", dh="", name="Lê Văn Tư",
         v=dict(nguoi_lon=1, nguoi_lon_mien=1, nguoi_lon_biet_chu=0, nguoi_lon_hoc_tap=0),
         expect=(30, 30, 20, 20, 100, "tieu-bieu")),
    dict(tag="S22", ap="LK", dh="DH01", name="Nguyễn Thị Lan",
         v=dict(tre_do_tuoi=3, tre_mien=1, tre_den_truong=3, tre_hoc_luc_dat=3, tre_hanh_kiem_kha=3,
                nguoi_lon=3, nguoi_lon_mien=1, nguoi_lon_biet_chu=2, nguoi_lon_hoc_tap=3),
         expect=(30, 30, 20, 20, 100, "tieu-bieu")),
    dict(tag="S23", ap="LDI", dh="DH03", name="Lê Thị Hoa",
         v=dict(tre_hoc_luc_dat=1, tre_hanh_kiem_kha=1),
         expect=(20, 30, 20, 20, 90, "dat")),
    dict(tag="S24", ap="LK", dh="DH02", name="Trần Văn Hùng", v={},
         expect=(30, 30, 20, 20, 100, "tieu-bieu")),
    dict(tag="S25", ap="LH", dh="", name="Trần văn Hùng", v={},
         expect=(30, 30, 20, 20, 100, "tieu-bieu")),
    dict(tag="S26", ap="LT", dh="", name="Phan Văn Hải", v={},
         expect=(30, 30, 20, 20, 100, "tieu-bieu")),
    dict(tag="S27", ap="LDI", dh="", name="Phạm Văn Hải", v={},
         expect=(30, 30, 20, 20, 100, "tieu-bieu")),
    dict(tag="S28", ap="LK", dh="", name="Đỗ Văn Bình", v={},
         expect=(30, 30, 20, 20, 100, "tieu-bieu")),
    dict(tag="S29", ap="LD", dh="", name="Dương Thị Bích", v={},
         expect=(30, 30, 20, 20, 100, "tieu-bieu")),
    dict(tag="S30", ap="LH", dh="", name="Trương Thị Yến", v=dict(phuong_tien=False, vi_pham=True),
         expect=(30, 30, 15, 20, 95, "khong-dat")),
    dict(tag="S31", ap="LD", dh="", name="Huỳnh Thị Nga",
         v=dict(tre_do_tuoi=3, tre_den_truong=2),
         expect=(20, 30, 20, 20, 90, "dat")),
    dict(tag="S32", ap="LT", dh="DH11", name="Châu Văn Kiệt", v={},
         expect=(30, 30, 20, 20, 100, "tieu-bieu")),
    dict(tag="S33", ap="LDI", dh="", name="Lý Thị Nhung",
         v=dict(tre_do_tuoi=3, tre_den_truong=3, tre_hoc_luc_dat=2, tre_hanh_kiem_kha=2,
                nguoi_lon=3, nguoi_lon_biet_chu=3, nguoi_lon_hoc_tap=2, tham_gia_khuyen_hoc=False,
                goc_hoc_tap=False, tu_sach=False, phuong_tien=False, quy_khuyen_hoc=False,
                kinh_te_on_dinh=False, gia_dinh_van_hoa=False, ho_ngheo=True),
         expect=(20, 15, 0, 0, 35, "khong-dat")),
]

# Error rows: not scored, not counted for clans/hamlets. "raw" overrides a written cell.
ERRORS = [
    dict(tag="E1", ap="LDI", dh="DH04", name="Huỳnh Văn Bảy",
         v=dict(tre_do_tuoi=3, tre_hoc_luc_dat=2, tre_hanh_kiem_kha=2), raw=dict(tre_den_truong="2,5")),
    dict(tag="E2", ap="LT", dh="", name="Tô Thị Diễm",
         v=dict(tre_do_tuoi=3, tre_mien=5, tre_den_truong=3, tre_hoc_luc_dat=3, tre_hanh_kiem_kha=3),
         raw={}),
    # E3 and E4 share one code (the clerk typed E3's code on E4's row). Had they been scored,
    # each would have 90 points and be certified, and each has a child not at school.
    dict(tag="E3", ap="LK", dh="DH02", name="Trần Văn Lợi",
         v=dict(tre_den_truong=1, tre_hoc_luc_dat=1, tre_hanh_kiem_kha=1), raw={}),
    dict(tag="E4", ap="LK", dh="DH02", name="Trần Thị Thu",
         v=dict(tre_do_tuoi=1, tre_den_truong=0, tre_hoc_luc_dat=0, tre_hanh_kiem_kha=0), raw={}),
]

# --------------------------------------------------------------------------------------------
# Names

KINH_SURNAMES = ["Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Huỳnh", "Võ",
                 "Phan", "Trương", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Lâm", "Tô",
                 "Cao", "Châu", "Mai", "Đoàn", "Thái"]
KHMER_SURNAMES = ["Thạch", "Thạch", "Sơn", "Sơn", "Kim", "Danh", "Lý", "Triệu", "Thạch"]
KINH_MALE = ["Hùng", "Dũng", "Tâm", "Tư", "Tứ", "Út", "Hoàng", "Minh", "Phúc", "Lộc", "Thọ",
             "Tài", "Sang", "Hải", "Nam", "Đức", "Bình", "Hòa", "Thành", "Trung", "Hiếu", "Nghĩa",
             "Lợi", "Phước", "Khánh", "Quang", "Vũ", "Tuấn", "Kiệt", "Bảy", "Sáu", "Tám", "Chín",
             "Mười", "Hậu", "Thắng", "Toàn", "Vinh", "Ẩn", "Ơn", "Ân", "Quý", "Tỷ", "Đạt"]
KINH_FEMALE = ["Lan", "Hoa", "Mai", "Cúc", "Hồng", "Thu", "Hạnh", "Nga", "Loan", "Yến", "Thảo",
               "Nhung", "Tuyết", "Phượng", "Diễm", "Bích", "Ngọc", "Trinh", "Hương", "Xuân",
               "Út", "Bé", "Hằng", "Thủy", "Liễu", "Ánh", "Ẩn", "Trúc", "Kiều", "Mỹ"]
KINH_MIDDLE_M = ["Văn", "Văn", "Văn", "Văn", "Hữu", "Minh", "Thanh", "Quốc", "Công", "Ngọc"]
KINH_MIDDLE_F = ["Thị", "Thị", "Thị", "Thị", "Ngọc", "Thanh", "Kim", "Mỹ"]
KHMER_GIVEN = ["Sa Rươl", "Rinh", "Sóc Kha", "Sà Phanh", "Sô Phol", "Ra Ly", "Sa Rây", "Chanh Thol",
               "Pho", "Kim Sên", "Thươl", "Sóc", "Phươl", "Sa Ly", "Chăn Thu", "Mây", "Sô Kha",
               "Nhanh", "Rết", "Sa Vênh", "Cươl", "Sóc Thươl", "Sà Quăl", "Sang", "Khương", "Rum",
               "Sa Mết", "Chanh Đa", "Kol", "Sà Rát", "Kha Na", "Bô", "Thon", "Thy", "Đa Ra",
               "Sóc Phal", "Chanh Ty", "Sa Ra", "Ươl", "Sà Ni", "Pôl", "Khêl", "Săm Bô"]


def make_name(rng, surname=None, khmer=False):
    if surname is None:
        khmer = rng.random() < 0.3
        surname = rng.choice(KHMER_SURNAMES if khmer else KINH_SURNAMES)
    male = rng.random() < 0.68
    if khmer:
        given = rng.choice(KHMER_GIVEN)
        r = rng.random()
        if r < 0.55:
            middle = "Văn" if male else "Thị"
            return f"{surname} {middle} {given}"
        return f"{surname} {given}"
    middle = rng.choice(KINH_MIDDLE_M if male else KINH_MIDDLE_F)
    given = rng.choice(KINH_MALE if male else KINH_FEMALE)
    return f"{surname} {middle} {given}"


# --------------------------------------------------------------------------------------------
# Design-side points (from the branch chosen when generating; never from the written values)

GROUP_MIN = (15, 15, 10, 10)


def design_level(groups, vi_pham, pass_mark):
    total = sum(groups)
    if vi_pham:
        return total, "khong-dat", "vp"
    if any(g < m for g, m in zip(groups, GROUP_MIN)):
        return total, "khong-dat", "group"
    if total < pass_mark:
        return total, "khong-dat", "pass"
    return total, ("tieu-bieu" if total >= 95 else "dat"), "ok"


def pick(rng, weights):
    r = rng.random() * sum(weights.values())
    for k, w in weights.items():
        r -= w
        if r < 0:
            return k
    return k


def gen_household(rng, vkk, want_cert, child_mode, allow_vp):
    """Returns (values, groups) with groups = designed (TC1, TC2, TC3, TC4) points.

    child_mode: 'ok' (every child in school), 'miss1' (exactly one child of the age not at
    school), 'maybe' (sometimes some are missing)."""
    good = 0.8 if want_cert else 0.62
    while True:
        v = {}
        hn = rng.random() < (0.13 if vkk else 0.06)
        v["ho_ngheo"] = hn
        # ---- children
        td = pick(rng, {0: 30, 1: 34, 2: 25, 3: 9, 4: 2})
        if child_mode == "miss1" and td == 0:
            continue
        tm = 1 if td >= 1 and rng.random() < 0.04 else 0
        if child_mode == "miss1" and td - tm < 1:
            continue
        tre = td - tm
        if tre == 0:
            dt = rng.choice([0, td])
            p11 = 10
        else:
            missing = child_mode == "miss1" or (child_mode == "maybe" and rng.random() < 0.16)
            if missing:
                dt = tre - 1 if child_mode == "miss1" else rng.randint(0, tre - 1)
                p11 = 0
            else:
                dt = rng.choice([tre, td])
                p11 = 10
        if dt == 0:
            hl = hk = 0
            p12 = 10
        else:
            b = pick(rng, {"both": good * 0.95, "hl": 0.06, "hk": 0.05, "none": 0.04})
            hl = dt if b in ("both", "hl") else rng.randint(0, dt - 1)
            hk = dt if b in ("both", "hk") else rng.randint(0, dt - 1)
            p12 = {"both": 10, "hl": 5, "hk": 5, "none": 0}[b]
        if td == 0:
            ngoan = rng.random() < 0.25
            p13 = 10
        else:
            ngoan = rng.random() < good + 0.08
            p13 = 10 if ngoan else 0
        v.update(tre_do_tuoi=td, tre_mien=tm, tre_den_truong=dt, tre_hoc_luc_dat=hl,
                 tre_hanh_kiem_kha=hk, tre_ngoan=ngoan)
        # ---- adults 19-60
        n0 = pick(rng, {0: 2, 1: 15, 2: 55, 3: 20, 4: 8})
        nm = 1 if n0 >= 1 and rng.random() < 0.06 else 0
        nl = n0 - nm
        if nl <= 0:
            bc = rng.choice([0, n0])
            ht = 0
            p21 = p22 = 10
        else:
            if rng.random() < good + 0.1:
                bc = rng.randint(nl, n0)
                p21 = 10
            else:
                bc = rng.randint(0, nl - 1)
                p21 = 0
            half = math.ceil(nl / 2)
            opts = {"full": good, "none": 0.25}
            if nl >= 2:
                opts["half"] = 0.2
            b = pick(rng, opts)
            if b == "full":
                ht, p22 = rng.randint(nl, n0), 10
            elif b == "half":
                ht, p22 = rng.randint(half, nl - 1), 5
            else:
                ht, p22 = rng.randint(0, half - 1), 0
        kh = rng.random() < good
        p23 = 10 if kh else 0
        v.update(nguoi_lon=n0, nguoi_lon_mien=nm, nguoi_lon_biet_chu=bc, nguoi_lon_hoc_tap=ht,
                 tham_gia_khuyen_hoc=kh)
        # ---- conditions
        goc = rng.random() < good + 0.05
        ts = rng.random() < good
        pt = rng.random() < (good - 0.2 if hn else good + 0.05)
        quy = rng.random() < (good - 0.3 if hn else good - 0.05)
        p31 = 10 if goc and ts else 5 if goc or ts else 0
        v.update(goc_hoc_tap=goc, tu_sach=ts, phuong_tien=pt, quy_khuyen_hoc=quy)
        # ---- effects
        kt = rng.random() < (0.35 if hn else good + 0.05)
        vh = rng.random() < good + 0.08
        v.update(kinh_te_on_dinh=kt, gia_dinh_van_hoa=vh)
        vp = allow_vp and rng.random() < 0.025
        v["vi_pham"] = vp
        groups = (p11 + p12 + p13, p21 + p22 + p23, p31 + (5 if pt else 0) + (5 if quy else 0),
                  (10 if kt else 0) + (10 if vh else 0))
        pass_mark = 70 if (vkk or hn) else 80
        total, level, why = design_level(groups, vp, pass_mark)
        certified = level in ("dat", "tieu-bieu")
        if certified == want_cert:
            return v, groups


# --------------------------------------------------------------------------------------------

def build(rng):
    """Returns (households in file order, clan rows, hamlet rows)."""
    per_hamlet = {h["code"]: [] for h in HAMLETS}

    def record(tag, ap, dh, name, values, groups, expect=None, error=None, raw=None):
        hh = dict(FULL)
        hh.update(values)
        hh["vung_kho_khan"] = HAMLET_BY_CODE[ap]["vkk"]
        if expect is None:
            pass_mark = 70 if (hh["vung_kho_khan"] or hh["ho_ngheo"]) else 80
            total, level, _ = design_level(groups, hh["vi_pham"], pass_mark)
            expect = tuple(groups) + (total, level)
        rec = dict(tag=tag, ap=ap, dh=dh, name=name, values=hh, expect=expect, error=error,
                   raw=raw or {})
        per_hamlet[ap].append(rec)
        return rec

    for s in SPECIALS:
        record(s["tag"], s["ap"], s["dh"], s["name"], s["v"], None, expect=s["expect"])
    for e in ERRORS:
        record(e["tag"], e["ap"], e["dh"], e["name"], e["v"], None, expect=("loi",), error=True,
               raw=e["raw"])

    def certified(rec):
        return rec["expect"][-1] in ("dat", "tieu-bieu")

    # Remaining slots per clan and per hamlet.
    slots = []  # (ap, dh, want_cert)
    hamlet_left = {}
    for h in HAMLETS:
        recs = [r for r in per_hamlet[h["code"]] if not r["error"]]
        c = sum(1 for r in recs if certified(r))
        n = len(recs) - c
        hamlet_left[h["code"]] = [h["cert"] - c, (h["listed"] - h["cert"]) - n]
    for cl in CLANS:
        recs = [r for ap in per_hamlet for r in per_hamlet[ap] if r["dh"] == cl["code"] and not r["error"]]
        c_left = cl["cert"] - sum(1 for r in recs if certified(r))
        n_left = cl["noncert"] - sum(1 for r in recs if not certified(r))
        weights = cl["where"]
        for want, count in ((True, c_left), (False, n_left)):
            for _ in range(count):
                while True:
                    ap = pick(rng, weights)
                    idx = 0 if want else 1
                    if hamlet_left[ap][idx] > 0:
                        hamlet_left[ap][idx] -= 1
                        break
                slots.append((ap, cl["code"], want))
    for h in HAMLETS:
        c_left, n_left = hamlet_left[h["code"]]
        assert c_left >= 0 and n_left >= 0, (h["code"], c_left, n_left)
        slots += [(h["code"], "", True)] * c_left + [(h["code"], "", False)] * n_left

    # Long Định: exactly three more households (no clan) with one child of the age not at school.
    ld_noclan = [i for i, s in enumerate(slots) if s[0] == "LD" and s[1] == ""]
    miss1 = set(ld_noclan[0:2] + ld_noclan[-1:])

    for i, (ap, dh, want) in enumerate(slots):
        h = HAMLET_BY_CODE[ap]
        mode = "miss1" if i in miss1 else ("maybe" if h["tre"] == "low" else "ok")
        values, groups = gen_household(rng, h["vkk"], want, mode, allow_vp=(dh == "" and not want))
        if dh:
            cl = CLAN_BY_CODE[dh]
            name = make_name(rng, cl["surname"], cl["khmer"])
        else:
            name = make_name(rng)
        rec = record(None, ap, dh, name, values, groups)
        rec["adjustable"] = (mode != "miss1" and values["tre_mien"] == 0
                             and values["tre_den_truong"] == values["tre_do_tuoi"]
                             and values["tre_hoc_luc_dat"] == values["tre_den_truong"]
                             and values["tre_hanh_kiem_kha"] == values["tre_den_truong"]
                             and (values["tre_ngoan"] or values["tre_do_tuoi"] == 0))

    # Long Định: make the children of the age number exactly 20 x the missing ones (ratio 0.95).
    ld = [r for r in per_hamlet["LD"] if not r["error"]]
    missing = sum(max(max(r["values"]["tre_do_tuoi"] - r["values"]["tre_mien"], 0)
                      - r["values"]["tre_den_truong"], 0) for r in ld)
    target = 20 * missing
    adjustable = [r for r in ld if r.get("adjustable")]
    while True:
        tre_can = sum(max(r["values"]["tre_do_tuoi"] - r["values"]["tre_mien"], 0) for r in ld)
        if tre_can == target:
            break
        step = 1 if tre_can < target else -1
        cands = [r for r in adjustable if (r["values"]["tre_do_tuoi"] <= 2 if step > 0
                                           else r["values"]["tre_do_tuoi"] >= 1)]
        r = rng.choice(cands)
        vv = r["values"]
        n = vv["tre_do_tuoi"] + step
        if vv["tre_do_tuoi"] == 0:
            vv["tre_ngoan"] = True  # keep 1.3 at 10 now that there is a child of the age
        for f in ("tre_do_tuoi", "tre_den_truong", "tre_hoc_luc_dat", "tre_hanh_kiem_kha"):
            vv[f] = n

    # Design bookkeeping: children ratios per hamlet as intended.
    for h in HAMLETS:
        recs = [r for r in per_hamlet[h["code"]] if not r["error"]]
        can = sum(max(r["values"]["tre_do_tuoi"] - r["values"]["tre_mien"], 0) for r in recs)
        hoc = sum(min(r["values"]["tre_den_truong"],
                      max(r["values"]["tre_do_tuoi"] - r["values"]["tre_mien"], 0)) for r in recs)
        want = {"all": lambda: hoc == can, "0.95": lambda: 20 * hoc == 19 * can,
                "low": lambda: 20 * hoc < 19 * can}[h["tre"]]
        assert want(), (h["code"], hoc, can)
        h["tre_hoc"], h["tre_can"] = hoc, can

    # File order: hamlet by hamlet, households shuffled within the hamlet.
    ordered = []
    for h in HAMLETS:
        recs = per_hamlet[h["code"]]
        rng.shuffle(recs)
        ordered += recs
    # E3 must come before E4 (E4 carries E3's code).
    i3 = next(i for i, r in enumerate(ordered) if r["tag"] == "E3")
    i4 = next(i for i, r in enumerate(ordered) if r["tag"] == "E4")
    if i3 > i4:
        ordered[i3], ordered[i4] = ordered[i4], ordered[i3]
    for i, r in enumerate(ordered, start=1):
        r["code"] = f"HO{i:04d}"
    e3 = next(r for r in ordered if r["tag"] == "E3")
    e4 = next(r for r in ordered if r["tag"] == "E4")
    e4["code"] = e3["code"]
    return ordered


# --------------------------------------------------------------------------------------------
# Writing

def mark_x(rng, b):
    if not b:
        return ""
    return "X" if rng.random() < 0.04 else "x"


def mark_co(rng, b):
    if b:
        return "Có"
    return "" if rng.random() < 0.12 else "Không"


def household_rows(rng, ordered):
    rows = []
    for r in ordered:
        v = r["values"]
        row = {"ma_ho": r["code"], "chu_ho": r["name"], "ma_ap": r["ap"], "xa": XA, "ma_dong_ho": r["dh"]}
        for col, _ in HH_COLUMNS:
            if col in row:
                continue
            if col in HH_BOOLS:
                row[col] = mark_co(rng, v[col]) if col in CO_KHONG else mark_x(rng, v[col])
            else:
                row[col] = v[col]
        row.update(r["raw"])
        rows.append(row)
    return rows


def clan_rows(rng):
    rows = []
    for c in CLANS:
        rows.append({"ma_dong_ho": c["code"], "ten_dong_ho": c["name"], "xa": XA, "so_ho": c["so_ho"],
                     "quy_khuyen_hoc": mark_x(rng, c["quy"]), "khen_thuong": "Có" if c["khen"] else "Không",
                     "ke_hoach": mark_x(rng, c["ke"]), "sinh_hoat": c["sinh_hoat"]})
    return rows


def hamlet_rows(rng):
    rows = []
    for h in HAMLETS:
        rows.append({"ma_ap": h["code"], "ten_ap": h["name"], "xa": XA, "so_ho": h["so_ho"],
                     "vung_kho_khan": "Có" if h["vkk"] else "Không",
                     "tu_sach_cong_dong": mark_x(rng, h["tu_sach"]),
                     "chi_hoi_khuyen_hoc": mark_x(rng, h["chi_hoi"]),
                     "hoat_dong_hoc_tap": h["hoat_dong"]})
    return rows


def write_csv(path, columns, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow([label for _, label in columns])
    for row in rows:
        w.writerow(["" if row[c] is None else str(row[c]) for c, _ in columns])
    with open(path, "wb") as f:
        f.write(buf.getvalue().encode("utf-8"))


FIXED_TIME = (2024, 11, 5, 8, 0, 0)


def write_xlsx(path, tables):
    import openpyxl
    from openpyxl.styles import Font
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, columns, rows in tables:
        ws = wb.create_sheet(title)
        ws.append([label for _, label in columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([None if row[c] in ("", None) else row[c] for c, _ in columns])
        for i, (c, label) in enumerate(columns, start=1):
            width = 24 if c in ("chu_ho", "ten_dong_ho", "ten_ap") else max(8, min(18, len(label) // 2 + 4))
            ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width = width
        ws.freeze_panes = "A2"
    wb.properties.creator = "Hội Khuyến học xã Long Hữu"
    raw = io.BytesIO()
    wb.save(raw)
    # Make the file byte-for-byte reproducible: fixed document dates and zip entry times.
    src = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>2024-11-05T08:00:00Z", data)
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, data)
    with open(path, "wb") as f:
        f.write(out.getvalue())


# --------------------------------------------------------------------------------------------
# --check: compare a scoring output CSV with the design

def check(expected_path, ordered):
    with open(expected_path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    problems = 0
    hh_out = {}
    for r in rows:
        if r["model"] == "gia-dinh-hoc-tap":
            hh_out.setdefault(r["id"], []).append(r)
    for rec in ordered:
        outs = hh_out.get(rec["code"], [])
        if rec["error"]:
            if not outs or any(o["level"] != "loi" for o in outs):
                print(f"{rec['code']} ({rec['tag']}): expected loi, got {[o['level'] for o in outs]}")
                problems += 1
            continue
        if len(outs) != 1:
            print(f"{rec['code']}: {len(outs)} output rows")
            problems += 1
            continue
        o = outs[0]
        e = rec["expect"]
        got = (int(o["TC1"]), int(o["TC2"]), int(o["TC3"]), int(o["TC4"]), int(o["total"]), o["level"])
        if got != tuple(e):
            print(f"{rec['code']} ({rec['tag'] or 'bulk'}): design {e}, output {got}")
            problems += 1
    for model, table in (("dong-ho-hoc-tap", CLANS), ("cong-dong-hoc-tap", HAMLETS)):
        out = {r["id"]: r for r in rows if r["model"] == model}
        for item in table:
            o = out.get(item["code"])
            got = o and (int(o["TC1"]), int(o["TC2"]), int(o["TC3"]), int(o["total"]), o["level"])
            if got != tuple(item["expect"]):
                print(f"{model} {item['code']}: design {item['expect']}, output {got}")
                problems += 1
    n = len(rows)
    print(f"{n} output rows checked against the design: {problems} disagreement(s)")
    return problems


def main(argv):
    rng = random.Random(SEED)
    ordered = build(rng)
    if len(argv) >= 2 and argv[0] == "--check":
        sys.exit(1 if check(argv[1], ordered) else 0)
    wrng = random.Random(SEED + 1)
    hh = household_rows(wrng, ordered)
    cl = clan_rows(wrng)
    ap = hamlet_rows(wrng)
    os.makedirs(OUT_DIR, exist_ok=True)
    write_csv(os.path.join(OUT_DIR, "ho-gia-dinh.csv"), HH_COLUMNS, hh)
    write_csv(os.path.join(OUT_DIR, "dong-ho.csv"), CLAN_COLUMNS, cl)
    write_csv(os.path.join(OUT_DIR, "ap.csv"), HAMLET_COLUMNS, ap)
    write_xlsx(OUT_XLSX, [("Hộ gia đình", HH_COLUMNS, hh), ("Dòng họ", CLAN_COLUMNS, cl),
                          ("Ấp", HAMLET_COLUMNS, ap)])
    # Where the special households landed (their spreadsheet row: header is row 1).
    for i, r in enumerate(ordered, start=2):
        if r["tag"]:
            print(f"{r['tag']:4} {r['code']} dòng {i:3} {r['ap']:3} {r['dh'] or '-':4} {r['name']}")
    for h in HAMLETS:
        print(f"{h['code']:3} trẻ đến trường {h['tre_hoc']}/{h['tre_can']}")
    print(f"{len(hh)} household rows, {len(cl)} clans, {len(ap)} hamlets", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
