"""ICD-10-CM suggestions (docs/clinical-rules.md, "ICD-10-CM suggestions").

Alternatives for the physician to choose from, never applied automatically. M54.5 is a
header since October 2021 and is never suggested; M54.50 never comes with M54.4x.
"""

from .derived import Facts
from .result import Generator, Pattern

ICD10_TEXT = {
    "M54.2": "Cervicalgia",
    "M54.12": "Radiculopathy, cervical region",
    "M54.6": "Pain in thoracic spine",
    "M54.50": "Low back pain, unspecified",
    "M54.59": "Other low back pain",
    "M54.16": "Radiculopathy, lumbar region",
    "M54.17": "Radiculopathy, lumbosacral region",
    "M54.40": "Lumbago with sciatica, unspecified side",
    "M54.41": "Lumbago with sciatica, right side",
    "M54.42": "Lumbago with sciatica, left side",
    "M48.062": "Spinal stenosis, lumbar region with neurogenic claudication",
    "M46.1": "Sacroiliitis, not elsewhere classified",
    "G83.4": "Cauda equina syndrome",
}
SCIATICA_BY_SIDE = {"right": ["M54.41"], "left": ["M54.42"], "bilateral": ["M54.41", "M54.42"]}


def diagnosis_suggestions(f: Facts, patterns: list[Pattern],
                          generators: list[Generator]) -> list[str]:
    pattern_codes = {p.code for p in patterns}
    radicular = "radicular" in pattern_codes
    regions = f.regions
    codes = []
    if "cervical" in regions:
        codes.append("M54.12" if radicular and (f.arm_radiation or not f.leg_radiation)
                     else "M54.2")
    lumbar = "lumbar" in regions
    if lumbar and radicular and f.leg_radiation:
        # An S1-only pattern is lumbosacral (M54.17); otherwise lumbar (M54.16).
        radicular_levels = next(p.levels for p in patterns if p.code == "radicular")
        roots = {level.split()[0] for level in radicular_levels}
        codes.append("M54.17" if roots == {"S1"} else "M54.16")
    if lumbar and f.leg_radiation:
        codes += SCIATICA_BY_SIDE.get(f.h.radiation_side, ["M54.40"])
    if "neurogenic_claudication" in pattern_codes:
        codes.append("M48.062")
    if any(g.code == "sacroiliac_joint" for g in generators) or f.study_findings("sacroiliitis"):
        codes.append("M46.1")
    if f.study_findings("cauda_equina_compression"):
        codes.append("G83.4")
    if lumbar and f.no_limb_radiation and "axial_mechanical" in pattern_codes:
        codes.append("M54.59")
    if not codes and lumbar and (f.no_limb_radiation or not f.radiation_known):
        # Low back pain whose pattern cannot be asserted (radiation not recorded).
        codes.append("M54.50")
    if not codes and "thoracic" in regions:
        codes.append("M54.6")
    return sorted(set(codes))  # like every list of the output: deterministic, by code
