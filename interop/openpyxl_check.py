"""Reads out/datasets.xlsx with openpyxl and checks it against the CSVs.

For every dataset of out/csv/datapackage.json, its sheet must have:
  - a bold header row with the CSV's column names, frozen below it (A2), an
    autofilter over the header and all data rows, column widths of 10 to 60;
  - the CSV's rows in order, each value of the type its Table Schema gives:
    dates are datetime cells formatted yyyy-mm-dd, timestamps datetime
    cells formatted yyyy-mm-dd hh:mm:ss, integer, year and number
    are numbers, boolean is a boolean, string is text (never a formula); a
    value over Excel's 32,767 characters is the CSV's text cut with the marker.
The seed's visits must have dates: the check fails if it has no date cell.

usage: /usr/bin/python3 interop/openpyxl_check.py OUT_DIR
"""

import csv
import datetime
import json
import os
import sys

import openpyxl
from openpyxl.utils import get_column_letter

CUT_MARKER = "…[cut: full text in the CSV]"
MAX_CELL = 32767


def utf16_len(s):
    return len(s.encode("utf-16-le")) // 2


def same(field_type, cell, text):
    """Whether the sheet's cell holds the CSV's text, with the right type."""
    v = cell.value
    if text == "":
        return v is None or v == "", "an empty cell"
    if cell.data_type == "f":
        return False, "text, not a formula"
    if field_type == "date":
        ok = isinstance(v, datetime.datetime) and cell.number_format == "yyyy-mm-dd" \
            and v.date().isoformat() == text
        return ok, "a date cell formatted yyyy-mm-dd"
    if field_type == "datetime":
        # Excel keeps milliseconds at most: compare to the second.
        ok = isinstance(v, datetime.datetime) and cell.number_format == "yyyy-mm-dd hh:mm:ss" \
            and v.replace(microsecond=0).isoformat() + "Z" == text.split(".")[0].removesuffix("Z") + "Z"
        return ok, "a date-time cell formatted yyyy-mm-dd hh:mm:ss"
    if field_type in ("integer", "year"):
        return type(v) is int and v == int(text), "an integer number"
    if field_type == "number":
        return type(v) in (int, float) and float(v) == float(text), "a number"
    if field_type == "boolean":
        return type(v) is bool and str(v).lower() == text.lower(), "a boolean"
    if not isinstance(v, str):
        return False, "text"
    if utf16_len(text) > MAX_CELL:
        ok = v.endswith(CUT_MARKER) and text.startswith(v[: -len(CUT_MARKER)]) and utf16_len(v) == MAX_CELL
        return ok, "the text cut to 32,767 characters with the marker"
    return v == text, "the same text"


def check_sheet(ws, resource, csv_path, problems):
    fields = resource["schema"]["fields"]
    with open(csv_path, newline="", encoding="utf-8-sig") as f:
        records = list(csv.reader(f))
    header, rows = records[0], records[1:]
    name = ws.title
    got_header = [c.value for c in ws[1]]
    if got_header != header:
        problems.append(f"{name}: header {got_header} differs from the CSV's {header}")
        return 0
    if not all(c.font.b for c in ws[1]):
        problems.append(f"{name}: the header row is not bold")
    if ws.freeze_panes != "A2":
        problems.append(f"{name}: frozen at {ws.freeze_panes}, want A2")
    want_filter = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    if ws.auto_filter.ref != want_filter:
        problems.append(f"{name}: autofilter {ws.auto_filter.ref}, want {want_filter}")
    for i in range(1, len(header) + 1):
        width = ws.column_dimensions[get_column_letter(i)].width
        if not 10 <= width <= 60:
            problems.append(f"{name}: column {get_column_letter(i)} is {width} wide")
    if ws.max_row != len(rows) + 1:
        problems.append(f"{name}: {ws.max_row - 1} data rows, the CSV has {len(rows)}")
    dates = 0
    for r, (record, cells) in enumerate(zip(rows, ws.iter_rows(min_row=2)), start=2):
        for field, text, cell in zip(fields, record, cells):
            ok, want = same(field["type"], cell, text)
            if not ok:
                problems.append(f"{name}!{cell.coordinate}: {cell.value!r} ({cell.data_type}, "
                                f"{cell.number_format}) is not {want} for the CSV's {text[:80]!r}")
            dates += isinstance(cell.value, datetime.datetime)
    return dates


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    with open(os.path.join(out, "csv", "datapackage.json"), encoding="utf-8") as f:
        package = json.load(f)
    wb = openpyxl.load_workbook(os.path.join(out, "datasets.xlsx"))
    problems = []
    counts = {}
    for resource in package["resources"]:
        name = resource["name"]
        if name not in wb.sheetnames:
            problems.append(f"no sheet {name!r} (sheets: {wb.sheetnames})")
            continue
        csv_path = os.path.join(out, "csv", resource["path"])
        counts[name] = check_sheet(wb[name], resource, csv_path, problems)
        print(f"{name}: {wb[name].max_row - 1} rows, {counts[name]} date cells")
    if counts.get("visits", 0) == 0:
        problems.append("visits: no date cells")
    extra = set(wb.sheetnames) - {r["name"] for r in package["resources"]}
    if extra:
        problems.append(f"sheets without a dataset: {sorted(extra)}")
    for p in problems[:50]:
        print("openpyxl: " + p, file=sys.stderr)
    if problems:
        sys.exit(f"openpyxl: {len(problems)} problems")
    print(f"openpyxl {openpyxl.__version__}: {len(counts)} sheets match their CSVs, "
          f"with typed dates, numbers and booleans")


main()
