"""The visit's life in one table (visits/lifecycle.py): a note, once signed, never goes back."""

import pytest

from backpain.visits import lifecycle
from backpain.visits.models import Visit, VisitStatus

ALL = [VisitStatus.DRAFT, VisitStatus.AWAITING_SIGNATURE, VisitStatus.SIGNED,
       VisitStatus.AMENDED]
ALLOWED = {("draft", "awaiting_signature"), ("awaiting_signature", "draft"),
           ("draft", "signed"), ("awaiting_signature", "signed"), ("signed", "amended"),
           ("amended", "amended"), ("draft", "draft"),
           ("awaiting_signature", "awaiting_signature")}


@pytest.mark.parametrize("current", ALL)
@pytest.mark.parametrize("target", ALL)
def test_only_the_tables_transitions_are_allowed(current, target):
    visit = Visit(status=current)
    if (current, target) in ALLOWED:
        assert lifecycle.move(visit, target).status == target
    else:
        with pytest.raises(lifecycle.InvalidTransition):
            lifecycle.move(visit, target)
        assert visit.status == current


def test_no_service_sets_a_status_behind_the_lifecycles_back():
    from pathlib import Path

    package = Path(lifecycle.__file__).resolve().parents[1]
    setters = [f"{path.relative_to(package)}:{number}"
               for path in package.rglob("*.py") if "migrations" not in path.parts
               and path.name != "lifecycle.py"
               for number, line in enumerate(path.read_text().splitlines(), start=1)
               if ".status = " in line and "self.status" not in line]
    assert setters == []
