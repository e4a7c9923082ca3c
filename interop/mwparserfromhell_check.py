"""Cross-check wikipipe's wikitext reading with mwparserfromhell.

For every article of the wikitext corpus, compares three counts:

  params    the parameters of the article's infoboxes, summed over its
            infoboxes, nested ones included
  tables    the tables of the article
  headings  the section headings of the article (== … == lines)

wikipipe's counts come from `wikipipe extract --dialect wikitext FILE`;
mwparserfromhell's from its parse tree, with wikipipe's rule for what is an
infobox (a template named "Infobox …" or "… infobox", or one of
extract.DefaultInfoboxNames, read from the Go source so that the two never
drift apart) and every {| … |} or <table> tag, at any depth, as a table.

Each disagreement must be listed, with the same two figures, in the table of
the explanations file; the check fails on any other. Explained rows that no
longer disagree are reported so that the file can be pruned.

Usage: mwparserfromhell_check.py WIKIPIPE CORPUS_DIR INFOBOX_GO EXPLANATIONS_MD
"""

import json
import os
import re
import subprocess
import sys

import mwparserfromhell

COUNTS = ("params", "tables", "headings")


def infobox_names(go_source):
    """The lower-cased extra infobox names of extract.DefaultInfoboxNames."""
    with open(go_source, encoding="utf-8") as f:
        src = f.read()
    m = re.search(r"DefaultInfoboxNames = \[\]string\{(.*?)\n\}", src, re.S)
    if not m:
        sys.exit(f"{go_source}: DefaultInfoboxNames not found")
    return {n.lower() for n in re.findall(r'"([^"]+)"', m.group(1))}


def template_key(name):
    """A template name as wikipipe compares it: no comments, no Template:
    prefix, underscores as spaces, white space collapsed, lower case."""
    name = re.sub(r"<!--.*?(-->|$)", "", str(name), flags=re.S)
    name = " ".join(name.replace("_", " ").split())
    for prefix in ("Template:", "template:", "subst:", "safesubst:", "msgnw:"):
        if name.startswith(prefix):
            name = name[len(prefix):]
    return name.lower()


def is_infobox(key, extra):
    return (key.startswith("infobox") and (len(key) == 7 or key[7] == " ")) \
        or key.endswith(" infobox") or key in extra


def mwp_counts(text, extra):
    code = mwparserfromhell.parse(text)
    params = sum(len(t.params) for t in code.filter_templates(recursive=True)
                 if is_infobox(template_key(t.name), extra))
    tables = len(code.filter_tags(recursive=True, matches=lambda t: str(t.tag).strip().lower() == "table"))
    headings = len(code.filter_headings(recursive=True))
    return params, tables, headings


def wikipipe_counts(wikipipe, path):
    out = subprocess.run([wikipipe, "extract", "--dialect", "wikitext", path],
                         check=True, capture_output=True, text=True).stdout
    if not out.strip():  # a #REDIRECT page yields no document
        return 0, 0, 0
    doc = json.loads(out)
    params = sum(len(box["fields"] or []) for box in doc["infoboxes"] or [])
    tables, headings = 0, 0
    stack = list(doc["sections"] or [])
    while stack:
        sec = stack.pop()
        tables += sum(1 for b in sec["blocks"] or [] if b.get("table"))
        headings += sec["level"] > 0
        stack.extend(sec["children"] or [])
    return params, tables, headings


def explained(md_path):
    """(file, count) → (wikipipe, mwparserfromhell) from the markdown table."""
    rows = {}
    with open(md_path, encoding="utf-8") as f:
        for line in f:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) >= 5 and cells[1] in COUNTS and cells[2].isdigit():
                rows[(cells[0].strip("`"), cells[1])] = (int(cells[2]), int(cells[3]))
    return rows


def main():
    wikipipe, corpus, go_source, md_path = sys.argv[1:5]
    extra = infobox_names(go_source)
    known = explained(md_path)
    seen, unexplained, agree = set(), 0, 0
    files = sorted(f for f in os.listdir(corpus) if f.endswith(".txt"))
    for name in files:
        path = os.path.join(corpus, name)
        with open(path, encoding="utf-8-sig") as f:
            text = f.read()
        got = dict(zip(COUNTS, wikipipe_counts(wikipipe, path)))
        want = dict(zip(COUNTS, mwp_counts(text, extra)))
        for what in COUNTS:
            if got[what] == want[what]:
                agree += 1
                continue
            seen.add((name, what))
            mark = "explained"
            if known.get((name, what)) != (got[what], want[what]):
                mark = "UNEXPLAINED"
                unexplained += 1
            print(f"{mark:12} {name}: {what}: wikipipe {got[what]}, mwparserfromhell {want[what]}")
    for key in sorted(set(known) - seen):
        print(f"stale        {key[0]}: {key[1]}: explained in {md_path} but the counts now agree")
    print(f"{len(files)} articles, {agree} counts agree, {len(seen)} differ, {unexplained} unexplained")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
