"""The demo clinic's finished visits, signed as a physician signs them, one with an addendum:
a new user sees a signed note and its PDF at once (with no broker, as in `make run`, each PDF
is made in-process as its signing commits; with one, a worker makes it moments later).

Idempotent: a signed visit is not signed again, an addendum is added once.
"""

from backpain.visits.demo import FINISHED_DEMO_VISITS
from backpain.visits.models import Visit

from .models import Addendum, SignatureMeaning
from .services import record_addendum, record_signature

# (MRN, chief complaint of a finished demo visit) -> its addendum (text, reason), if any.
DEMO_ADDENDA = {
    ("RSC-100103", "Low back pain since moving house"): (
        "Telephone review: pain now 2/10, back at work on full duties. No leg symptoms, no "
        "bladder or bowel change; when to seek urgent care explained again.",
        "Telephone follow-up after the visit"),
}


def sign_demo_notes(physician) -> int:
    """Sign the finished demo visits still unsigned, and add their addenda; returns how many
    notes were signed or amended."""
    done = 0
    for mrn, _, _, complaint, _, _ in FINISHED_DEMO_VISITS:
        visit = Visit.objects.filter(patient__clinic_id=physician.clinic_id, patient__mrn=mrn,
                                     chief_complaint=complaint).first()
        if visit is None:
            continue
        if not visit.is_signed:
            record_signature(request=None, user=physician, visit=visit,
                             meaning=SignatureMeaning.AUTHORED)
            done += 1
        addendum = DEMO_ADDENDA.get((mrn, complaint))
        if addendum and not Addendum.objects.filter(visit=visit).exists():
            text, reason = addendum
            record_addendum(request=None, user=physician, visit=visit, text=text, reason=reason)
            done += 1
    return done
