# Used by tests/pyxform_diff.rs: prints, for every XLSForm path given, pyxform's
# reading of it as {"ok": [...elements...], "choice_audio": {"list/choice":
# {language: file}}} or {"error": "..."}. Elements are
# flattened in document order: name, type, relevant, labels {language: text},
# audio {language: file}, group (the names of the enclosing groups and repeats, slash-separated).
import json
import re
import sys

from pyxform.builder import SurveyElementBuilder
from pyxform.xls2json import parse_file_to_json

TYPES = {"select one": "select_one", "select all that apply": "select_multiple", "trigger": "acknowledge"}


def labels(v):
    if v is None:
        return {}
    if isinstance(v, dict):
        return {k: str(t) for k, t in v.items()}
    return {"default": str(v)}


def element(c, kind, group):
    return {
        "name": c.get("name"),
        "type": kind,
        "relevant": (c.get("bind") or {}).get("relevant"),
        "labels": labels(c.get("label")),
        "audio": labels((c.get("media") or {}).get("audio")),
        "group": group,
    }


def walk(children, out, group=""):
    for c in children:
        if c.get("name") == "meta" and c.get("type") == "group" and c.get("control", {}).get("bodyless"):
            continue
        t = c.get("type", "")
        inner = f"{group}/{c.get('name')}" if group else str(c.get("name"))
        if t == "loop":
            # xls2json keeps a loop as written; pyxform's builder writes it out as a
            # group holding, for each choice but "none", a group named after the
            # choice with the loop's rows, %(name)s and %(label)s substituted
            # (SurveyElementBuilder._create_loop_from_dict). Done here the same way.
            out.append(element(c, "group", group))
            for column in c.get("columns") or []:
                if column.get("name") == "none":
                    continue
                out.append(element(column, "group", inner))
                rows = [
                    SurveyElementBuilder._name_and_label_substitutions(child, column)
                    for child in c.get("children") or []
                ]
                walk(rows, out, f"{inner}/{column.get('name')}")
            continue
        out.append(element(c, TYPES.get(t, t), group))
        walk(c.get("children") or [], out, inner)


result = {}
for path in sys.argv[1:]:
    try:
        d = parse_file_to_json(path, warnings=[])
        out = []
        walk(d.get("children") or [], out)
        choice_audio = {}
        for list_name, choices in (d.get("choices") or {}).items():
            for choice in choices:
                audio = labels((choice.get("media") or {}).get("audio"))
                if audio:
                    choice_audio[f"{list_name}/{choice.get('name')}"] = audio
        result[path] = {"ok": out, "choice_audio": choice_audio}
    except Exception as e:  # pyxform refuses the form
        result[path] = {"error": str(e)[:300]}
print(json.dumps(result, ensure_ascii=False))
