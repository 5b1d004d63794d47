"""``assess(findings)``: every rule family applied to one visit's findings, in a fixed order."""

from typing import Any

from .derived import Facts
from .diagnoses import diagnosis_suggestions
from .findings import Findings
from .generators import generators
from .imaging import imaging_advice
from .location import duration, location
from .patterns import inflammatory, patterns
from .red_flags import Extras, red_flags
from .result import URGENCY_RANK, Assessment, RedFlag, SuggestedTest
from .scores import scores
from .screening import screening_gaps
from .validation import parse_findings

MYELOMA_TEST = SuggestedTest(
    test="Full blood count, calcium and ESR",
    reason="Back pain for more than 6 weeks at 60 or over: consider myeloma",
    citation="NICE NG12 (2015, rev. 2023) 1.10 (myeloma)")


def suggested_tests(facts: Facts, from_flags: list[SuggestedTest]) -> list[SuggestedTest]:
    """Tests worth doing, suggested beside the flags, never flags themselves."""
    tests = list(from_flags)
    if (facts.visit.visit_type == "new" and facts.age is not None and facts.age >= 60
            and facts.in_regions("thoracic", "lumbar") and facts.duration_days is not None
            and facts.duration_days > 42 and facts.labs.esr_mm_h is None):
        tests.append(MYELOMA_TEST)
    return sorted({test.test: test for test in tests}.values(), key=lambda test: test.test)


def previous_flag_codes(findings: Findings) -> set[str] | None:
    """The flags the same rules raise on the previous signed visit's findings (None without
    one): today's rules on both visits, so a flag is "new" for what was found, not for a
    change of rules."""
    if findings.previous is None:
        return None
    facts = Facts(findings.previous)
    return {flag.code for flag in red_flags(facts, inflammatory(facts), Extras())}


def marked_new(flags: list[RedFlag], before: set[str] | None) -> list[RedFlag]:
    if before is None:
        return flags
    return [flag.model_copy(update={"new": flag.code not in before}) for flag in flags]


def assess(findings: Findings) -> Assessment:
    facts = Facts(findings)
    inflammatory_pattern = inflammatory(facts)
    extras = Extras()
    flags = sorted(marked_new(red_flags(facts, inflammatory_pattern, extras),
                              previous_flag_codes(findings)),
                   key=lambda flag: (URGENCY_RANK[flag.urgency], flag.code))
    myelopathy_flag = next((flag for flag in flags if flag.code == "myelopathy"), None)
    found_patterns = patterns(facts, inflammatory_pattern, myelopathy_flag)
    found_generators = generators(facts, found_patterns, flags)
    return Assessment(
        red_flags=flags,
        screening_gaps=screening_gaps(facts, flags),
        location=location(facts),
        duration=duration(facts),
        patterns=found_patterns,
        generators=found_generators,
        imaging=imaging_advice(facts, flags, found_patterns, extras.needs),
        suggested_tests=suggested_tests(facts, extras.tests),
        scores=scores(findings.questionnaires, facts.h),
        diagnosis_suggestions=diagnosis_suggestions(facts, found_patterns, found_generators),
    )


def assess_document(document: object) -> dict[str, Any]:
    """A findings document (dict or JSON text) in, the assessment's JSON shape out.

    Raises FindingsError naming every offending field; never returns a partial assessment.
    """
    return assess(parse_findings(document)).to_json()


def input_schema() -> dict[str, Any]:
    return Findings.model_json_schema()
