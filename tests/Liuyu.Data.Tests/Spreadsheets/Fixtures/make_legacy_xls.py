#!/usr/bin/python3
"""Writes scenario.xls, a legacy (BIFF8) scenario workbook, and bad.xls (one bad class), with Debian's python3-xlwt.

The fixture is committed; run this again only to change it: /usr/bin/python3 make_legacy_xls.py
It has what .xls files from the bureaus have: Chinese headers, a merged title row, numbers and dates as numbers.
"""
import datetime
import xlwt

date = xlwt.easyxf(num_format_str="yyyy-mm")


def sheet(book, name, rows, title=None):
    s = book.add_sheet(name)
    r = 0
    if title:
        s.write_merge(0, 0, 0, len(rows[0]) - 1, title)
        r = 1
    for row in rows:
        for c, v in enumerate(row):
            if isinstance(v, datetime.date):
                s.write(r, c, v, date)
            elif v is not None:
                s.write(r, c, v)
        r += 1


def write(path, march_class):
    book = xlwt.Workbook(encoding="utf-8")
    sheet(book, "parties", [["编码", "名称", "类型"], ["A", "甲区", "区县"], ["B", "乙县", "区县"]], title="参与方")
    sheet(book, "rivers", [["id", "name"], ["R1", "一号河"]])
    sheet(book, "sections", [["编码", "名称", "河流", "上游", "下游", "断面类型", "里程", "是否认可"],
                       ["S1", "甲乙交界", "R1", "A", "B", "市控", 12.5, "是"]])
    sheet(book, "targets", [["断面", "年度", "目标类别"], ["S1", 2023, "III"]])
    sheet(book, "results", [["断面", "月份", "水质类别", "来源"],
                      ["S1", datetime.date(2023, 1, 1), 4, "municipal"],
                      ["S1", "2023-02", "Ⅱ", "municipal"],
                      [None, None, None, None],
                      ["S1", datetime.date(2023, 3, 1), march_class, "municipal"]])

    book.save(path)


write("scenario.xls", "劣V")
write("bad.xls", "VII")
