"""CSL name objects: {"family": ..., "given": ...} or {"literal": "An organisation"},
with whatever else a tool attaches to a person (Crossref's ORCID, affiliation and
sequence; CSL's comma-suffix and parse-names), which is kept with the name."""

from references.csl.variables import NAME_PARTS

NAME_KEYS = frozenset(NAME_PARTS)


def names_problems(value) -> list[str]:
    """What is wrong with a list of CSL name objects, as sentences; [] when it is fine."""
    if not isinstance(value, list):
        return ["Names must be a list of name objects."]
    problems = []
    for number, name in enumerate(value, start=1):
        if not isinstance(name, dict):
            problems.append(f"Name {number} is not a name object.")
            continue
        if any(not isinstance(name[part], str) for part in NAME_KEYS & set(name)):
            wrong = sorted(p for p in NAME_KEYS & set(name) if not isinstance(name[p], str))
            problems.append(f"Name {number} has a part that is not text: {', '.join(wrong)}.")
            continue
        if not (name.get("family", "").strip() or name.get("literal", "").strip()):
            problems.append(f"Name {number} needs a family name or, for an organisation, a name.")
    return problems


def names_clean(names) -> list:
    """Names as stored: printed parts with single spaces and empty parts dropped;
    Crossref's organisation `name` as a literal; other keys kept as they are."""
    cleaned = []
    for name in names if isinstance(names, list) else []:
        if not isinstance(name, dict):
            cleaned.append(name)
            continue
        name = dict(name)
        organisation = not (name.get("family") or name.get("literal"))
        if organisation and isinstance(name.get("name"), str):
            name["literal"] = name.pop("name")
        for part in NAME_KEYS & set(name):
            if isinstance(name[part], str):
                name[part] = " ".join(name[part].split())
                if not name[part]:
                    del name[part]
        cleaned.append(name)
    return cleaned


def name_from_text(text: str) -> dict:
    """A CSL name from "Family, Given" (as RIS and MEDLINE's FAU write it); text without a
    comma is taken as an organisation, whose name must not be split."""
    text = " ".join(text.split())
    if "," in text:
        family, _, given = text.partition(",")
        given, _, suffix = given.strip().partition(",")
        name = {"family": family.strip()}
        if given.strip():
            name["given"] = given.strip()
        if suffix.strip():
            name["suffix"] = suffix.strip()
        return name
    return {"literal": text}
