"""Runs the README's "In a notebook" lines for pandas on an output folder.

The CSV lines must give revision_timestamp as datetime64 in UTC, page_id
and revision_id as nullable Int64, and keep a title such as "NA" a string.
read_parquet needs pyarrow or fastparquet, which Debian does not package:
it is run when one of them is there and reported as skipped otherwise.

    python3 interop/pandas_check.py OUT_PARENT   (the folder holding out/)
"""
import os
import sys

import pandas as pd

os.chdir(sys.argv[1])
problems = []

# The README's lines, as they are there.
articles = pd.read_csv(
    "out/csv/articles.csv",
    dtype={"page_id": "Int64", "revision_id": "Int64"},
    parse_dates=["revision_timestamp"],
    keep_default_na=False, na_values=[""],
)

ts = articles["revision_timestamp"]
if str(ts.dtype) != "datetime64[ns, UTC]" or ts.notna().sum() == 0:
    problems.append(f"read_csv: revision_timestamp is {ts.dtype} with {ts.notna().sum()} values, want datetime64[ns, UTC]")
for col in ("page_id", "revision_id"):
    if str(articles[col].dtype) != "Int64":
        problems.append(f"read_csv: {col} is {articles[col].dtype}, want Int64")
if not all(u.startswith(f"https://{w}/wiki/") for u, w in zip(articles["url"], articles["wiki"])):
    problems.append("read_csv: an article's url is not on its wiki")

try:
    parquet = pd.read_parquet("out/parquet/articles.parquet")
except ImportError as e:
    print(f"pandas: read_parquet skipped: {e}".splitlines()[0])
else:
    if str(parquet["revision_timestamp"].dtype) not in ("datetime64[us, UTC]", "datetime64[ns, UTC]"):
        problems.append(f"read_parquet: revision_timestamp is {parquet['revision_timestamp'].dtype}")

if problems:
    for p in problems:
        print("pandas: " + p, file=sys.stderr)
    sys.exit(1)
print(f"pandas {pd.__version__}: read_csv gives {len(articles)} articles, revision_timestamp {ts.dtype}")
