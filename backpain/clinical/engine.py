"""``assess(findings)``: every rule family applied to one visit's findings, in a fixed order."""

from .derived import Facts
from .diagnoses import diagnosis_suggestions
from .findings import Findings
from .generators import generators
from .imaging import imaging_advice
from .location import duration, location
from .patterns import inflammatory, patterns
from .red_flags import red_flags
from .result import URGENCY_RANK, Assessment
from .scores import scores
from .screening import screening_gaps
from .validation import parse_findings


def assess(findings: Findings) -> Assessment:
    facts = Facts(findings)
    inflammatory_pattern = inflammatory(facts)
    flags = sorted(red_flags(facts, inflammatory_pattern),
                   key=lambda flag: (URGENCY_RANK[flag.urgency], flag.code))
    myelopathy_flag = next((flag for flag in flags if flag.code == "myelopathy"), None)
    found_patterns = patterns(facts, inflammatory_pattern, myelopathy_flag)
    found_generators = generators(facts, found_patterns, flags)
    return Assessment(
        red_flags=flags,
        screening_gaps=screening_gaps(facts),
        location=location(facts),
        duration=duration(facts),
        patterns=found_patterns,
        generators=found_generators,
        imaging=imaging_advice(facts, flags, found_patterns),
        scores=scores(findings.questionnaires, facts.h),
        diagnosis_suggestions=diagnosis_suggestions(facts, found_patterns, found_generators),
    )


def assess_document(document) -> dict:
    """A findings document (dict or JSON text) in, the assessment's JSON shape out.

    Raises FindingsError naming every offending field; never returns a partial assessment.
    """
    return assess(parse_findings(document)).to_json()


def input_schema() -> dict:
    return Findings.model_json_schema()
