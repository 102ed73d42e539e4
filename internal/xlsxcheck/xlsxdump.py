"""Dumps every cell of an XLSX workbook as JSON, read by openpyxl: a second
reader of huikuan's exports, besides the excelize that writes them.

Usage: python3 xlsxdump.py FILE.xlsx > cells.json (xlsxcheck.Dump runs it)
Each sheet: its name, its frozen pane's top-left cell, and its rows; each
cell its value (a date as YYYY-MM-DD), number format, and whether bold.
"""
import datetime
import json
import sys

import openpyxl


def cell(c):
    v = c.value
    if isinstance(v, datetime.datetime):
        if v.time() != datetime.time(0):
            raise SystemExit("%s!%s: a date with a time: %r" % (c.parent.title, c.coordinate, v))
        v = v.date().isoformat()
    elif isinstance(v, datetime.date):
        v = v.isoformat()
    return {"v": v, "f": c.number_format, "b": bool(c.font and c.font.b)}


def main(path):
    wb = openpyxl.load_workbook(path)
    out = []
    for ws in wb.worksheets:
        rows = [[cell(c) for c in row] for row in ws.iter_rows()]
        out.append({"name": ws.title, "freeze": ws.freeze_panes, "rows": rows})
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
