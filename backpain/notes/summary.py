"""The paragraph a note opens with (format 2): who, what pain for how long, the pertinent
positives, the red flags and the decision, written from the recorded findings and the engine's
assessment in the clinic's language. It is part of the signed document."""

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backpain.clinical.codes import label_for
from backpain.patients.models import age_in_years

from .grouping import short_label

MOST_POSITIVES = 12


def pertinent_positives(sections) -> list[str]:
    """The history's "yes" answers and every abnormal finding of the examination."""
    found = []
    for section in sections:
        if section["slug"] == "history":
            found += [positive(row) for block in section["blocks"]
                      for row in block["rows"]
                      if row["value"] == _("Yes") or row.get("screens_for")]
        elif section["slug"] == "examination":
            # A measurement is not a positive by itself (no reference range here).
            found += [positive(row) for block in section["blocks"] for row in block["rows"]
                      if not is_number(row["value"])]
            for table in section["grids"]:
                found += [by_side(table, row) for row in table["rows"]
                          if row[0] not in table["normal"]]
    return found


def is_number(value) -> bool:
    try:
        float(str(value).split()[0])
    except (ValueError, IndexError):
        return False
    return True


def by_side(table, row) -> str:
    """ "L5 motor: left 3, right 3"; a sign: "babinski: left Yes, right No"."""
    name = f"{row[0]} {short_label(table['title'])}" if row[1] else short_label(row[0])
    return _("%(name)s: left %(left)s, right %(right)s") % {"name": name, "left": row[2],
                                                             "right": row[3]}


def positive(row) -> str:
    if row["value"] == _("Yes"):
        return short_label(row["label"])
    return f"{short_label(row['label'])}: {row['value'][:1].lower()}{row['value'][1:]}"


def who(patient, visit) -> str:
    age = age_in_years(date.fromisoformat(patient["date_of_birth"]),
                       date.fromisoformat(visit["visit_date"]))
    return _("%(age)d-year-old %(sex)s, %(type)s visit: %(complaint)s.") % {
        "age": age, "sex": patient["sex"].lower(), "type": visit["visit_type"].lower(),
        "complaint": visit["chief_complaint"] or _("no chief complaint recorded")}


def pain(engine, radiation) -> str:
    location = engine.get("location") or {}
    duration = engine.get("duration") or {}
    regions = ", ".join(label_for(r).lower() for r in location.get("regions", []))
    words = _("%(regions)s pain") % {"regions": regions} if regions else _("Pain")
    words = words[:1].upper() + words[1:]
    if location.get("extent"):
        words += f" ({short_label(label_for(location['extent']))})"
    if duration.get("days") is not None:
        words += ", " + ngettext("for %(days)d day", "for %(days)d days",
                                 duration["days"]) % {"days": duration["days"]}
        if duration.get("category"):
            words += f" ({short_label(label_for(duration['category']))})"
    if radiation:
        words += ", " + _("spreading to: %(where)s") % {"where": radiation.lower()}
    patterns = [label_for(p["code"]).lower() for p in engine.get("patterns", [])]
    if patterns:
        words += "; " + _("pattern suggested: %(patterns)s") % {"patterns": ", ".join(patterns)}
    return words + "."


def red_flags(engine) -> str:
    flags = [f"{label_for(f['code'])} ({label_for(f['urgency']).lower()})"
             for f in engine.get("red_flags", [])]
    gaps = engine.get("screening_gaps", [])
    if flags:
        text = _("Red flags: %(flags)s.") % {"flags": "; ".join(flags)}
    else:
        text = _("No red flag raised.")
    if gaps:
        text += " " + ngettext("%(count)d red-flag question not asked.",
                               "%(count)d red-flag questions not asked.",
                               len(gaps)) % {"count": len(gaps)}
    return text


def decision(conclusion, plan) -> str:
    patterns = conclusion.get("confirmed_patterns") or []
    diagnoses = conclusion.get("diagnoses") or []
    parts = []
    if patterns:
        parts.append(_("confirmed %(patterns)s") % {"patterns": "; ".join(patterns).lower()})
    if diagnoses:
        parts.append("; ".join(diagnoses))
    plan = plan or {}
    if disposition := plan.get("disposition"):
        parts.append(_("disposition %(disposition)s") % {"disposition": disposition.lower()})
    if (weeks := plan.get("follow_up_weeks")) is not None:
        parts.append(_("follow-up in %(weeks)s weeks") % {"weeks": weeks})
    if not parts:
        return _("Decision: not recorded yet.")
    return _("Decision: %(decision)s.") % {"decision": "; ".join(parts)}


def summary_paragraph(patient, visit, sections, engine, conclusion, *, radiation="",
                      plan=None) -> str:
    """`plan`: the disposition and follow-up weeks as shown; `radiation`: where the pain
    spreads, as shown."""
    positives = pertinent_positives(sections)
    shown = positives[:MOST_POSITIVES]
    sentences = [who(patient, visit), pain(engine, radiation)]
    if shown:
        more = len(positives) - len(shown)
        listed = "; ".join(shown) + (_("; and %(more)d more") % {"more": more} if more else "")
        sentences.append(_("Pertinent positives: %(positives)s.") % {"positives": listed})
    else:
        sentences.append(_("No pertinent positive finding recorded."))
    sentences.append(red_flags(engine))
    sentences.append(decision(conclusion, plan))
    return " ".join(sentences)
