"""Suspected pain generators: possible contributors, never a diagnosis
(docs/clinical-rules.md, "Suspected pain generators")."""

from .derived import Facts, contains, equals, ev, is_true
from .result import Generator, Pattern, RedFlag


def generators(f: Facts, patterns: list[Pattern], flags: list[RedFlag]) -> list[Generator]:
    h, x = f.h, f.x
    by_code = {p.code: p for p in patterns}
    flag_codes = {flag.code: flag for flag in flags}
    axial = f.no_limb_radiation
    found = {}

    disc = [*(by_code["radicular"].evidence if "radicular" in by_code else [])]
    disc_load = contains("history.aggravating", h.aggravating, ("flexion", "sitting",
                                                                "cough_sneeze"))
    if axial and disc_load:
        disc += [*axial, *disc_load]
    found["disc"] = [*disc, *f.study_findings("disc_herniation")]

    facet_load = contains("history.aggravating", h.aggravating, ("extension", "rotation"))
    if axial and facet_load and "radicular" not in by_code:
        found["facet"] = [*axial, *facet_load]

    if (x.paraspinal_tenderness is True and "axial_mechanical" in by_code
            and not f.neurological_findings):
        found["myofascial"] = [ev("exam.paraspinal_tenderness", True),
                               *by_code["axial_mechanical"].evidence]

    if "spinal_fracture" in flag_codes:
        found["vertebral_fracture"] = flag_codes["spinal_fracture"].evidence

    spondylo = equals("exam.deformity", x.deformity, "step_off")
    extension = contains("history.aggravating", h.aggravating, ("extension",))
    if f.age is not None and f.age < 26 and h.trigger == "sport" and extension:
        spondylo += [f.age_evidence(), ev("history.trigger", "sport"), *extension]
    found["spondylolysis_spondylolisthesis"] = [*spondylo,
                                                *f.study_findings("spondylolisthesis")]

    stenosis = [*(by_code["neurogenic_claudication"].evidence
                  if "neurogenic_claudication" in by_code else [])]
    found["spinal_stenosis"] = [*stenosis, *f.study_findings("stenosis")]

    if x.si_provocation_positive is not None and x.si_provocation_positive >= 3:
        found["sacroiliac_joint"] = [ev("exam.si_provocation_positive",
                                        x.si_provocation_positive)]

    hip = x.hip_rotation_painful
    found["hip"] = [] if hip is None else [
        *is_true("exam.hip_rotation_painful.left", hip.left),
        *is_true("exam.hip_rotation_painful.right", hip.right)]

    if "vascular_or_visceral_cause" in flag_codes:
        found["visceral_or_vascular"] = flag_codes["vascular_or_visceral_cause"].evidence

    return [Generator(code=code, evidence=list(dict.fromkeys(evidence)))
            for code, evidence in sorted(found.items()) if evidence]
