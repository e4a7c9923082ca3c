#!/usr/bin/env bash
# Checks out/datasets.xlsx with LibreOffice Calc (Debian's
# libreoffice-calc-nogui, installed if missing): converted headless to CSV,
# every sheet, without error; each sheet has its CSV's number of records, and
# the visits sheet, as LibreOffice shows it (dates yyyy-mm-dd, booleans TRUE,
# percents 53.00%), equals out/csv/visits.csv record for record.
#   OUT=DIR  the output folder (default out)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-out}
. interop/debian.sh
command -v soffice >/dev/null || debian_install libreoffice-calc-nogui
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# CSV filter options: comma, double quote, UTF-8, from line 1, cell contents
# as shown (so dates read yyyy-mm-dd), -1 = every sheet to its own file.
filter='csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1'
soffice --version
# A private profile: no first-start dialogs, no clash with a running office.
if ! soffice -env:UserInstallation="file://$work/profile" --headless \
  --convert-to "$filter" --outdir "$work" "$out/datasets.xlsx" >"$work/log" 2>&1; then
  cat "$work/log" >&2
  echo "libreoffice: the conversion failed" >&2
  exit 1
fi
/usr/bin/python3 - "$work" "$out/csv" <<'PY'
import csv, glob, os, sys
work, csvdir = sys.argv[1:]
CUT = "…[cut: full text in the CSV]"
def same(shown, text):
    """Whether LibreOffice shows the CSV's value: booleans as TRUE/FALSE,
    percents as 53.00% (two decimals), text over 32,767 characters cut."""
    if shown == text or shown.lower() == text.lower() in ("true", "false"):
        return True
    if shown.endswith("%") and text:
        try:
            return abs(float(shown[:-1]) / 100 - float(text)) <= 0.00005
        except ValueError:
            return False
    return shown.endswith(CUT) and text.startswith(shown[:-len(CUT)])
def clip(record):
    return [v if len(v) <= 60 else v[:40] + f"…({len(v)} characters)" for v in record]
def records(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.reader(f))
problems = []
sheets = sorted(glob.glob(os.path.join(work, "datasets-*.csv")))
if not sheets:
    problems.append("no sheet was converted")
for path in sheets:
    name = os.path.basename(path)[len("datasets-"):-len(".csv")]
    want_path = os.path.join(csvdir, name + ".csv")
    if not os.path.exists(want_path):
        problems.append(f"sheet {name}: no {want_path}")
        continue
    got, want = records(path), records(want_path)
    print(f"{name}: {len(got) - 1} records in LibreOffice, {len(want) - 1} in the CSV")
    if len(got) != len(want):
        problems.append(f"sheet {name}: {len(got)} records, the CSV has {len(want)}")
    if name == "visits":
        for i, (g, w) in enumerate(zip(got, want), start=1):
            if len(g) != len(w) or not all(map(same, g, w)):
                problems.append(f"visits record {i}: LibreOffice shows {clip(g)}, the CSV has {clip(w)}")
if "visits" not in [os.path.basename(p)[len("datasets-"):-len(".csv")] for p in sheets]:
    problems.append("no visits sheet")
for p in problems[:20]:
    print("libreoffice: " + p, file=sys.stderr)
if problems:
    sys.exit(f"libreoffice: {len(problems)} problems")
print(f"libreoffice: {len(sheets)} sheets converted; visits matches visits.csv")
PY
