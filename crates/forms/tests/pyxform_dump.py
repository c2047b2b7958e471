# Used by tests/pyxform_diff.rs: prints, for every XLSForm path given, pyxform's
# reading of it as {"ok": [...elements...]} or {"error": "..."}. Elements are
# flattened in document order: name, type, relevant, labels {language: text}.
import json
import re
import sys

from pyxform.xls2json import parse_file_to_json

TYPES = {"select one": "select_one", "select all that apply": "select_multiple", "trigger": "acknowledge"}


def labels(v):
    if v is None:
        return {}
    if isinstance(v, dict):
        return {k: str(t) for k, t in v.items()}
    return {"default": str(v)}


def walk(children, out):
    for c in children:
        if c.get("name") == "meta" and c.get("type") == "group" and c.get("control", {}).get("bodyless"):
            continue
        t = c.get("type", "")
        out.append({
            "name": c.get("name"),
            "type": TYPES.get(t, t),
            "relevant": (c.get("bind") or {}).get("relevant"),
            "labels": labels(c.get("label")),
        })
        walk(c.get("children") or [], out)


result = {}
for path in sys.argv[1:]:
    try:
        d = parse_file_to_json(path, warnings=[])
        out = []
        walk(d.get("children") or [], out)
        result[path] = {"ok": out}
    except Exception as e:  # pyxform refuses the form
        result[path] = {"error": str(e)[:300]}
print(json.dumps(result, ensure_ascii=False))
