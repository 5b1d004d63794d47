"""The rows of the work lists written in Python: the same HTML the list templates wrote row by
row, without a template render per cell. A physician's home page lists up to four lists of 50
visits; through the templates their rows were three quarters of the page's time, most of it
spent formatting the same dates, labels and links again for every row (issue 17). Each
`Rows` formats a date, a label or a link once per list, so a list costs about what its rows'
text costs. The lists' headings and empty states stay in the templates."""

from django.middleware.csrf import get_token
from django.utils.translation import gettext, pgettext

from backpain.core import html_rows
from backpain.core.html_rows import escaped, truncated

from .models import VisitStatus, VisitType


class Rows(html_rows.Rows):
    """The rows of one list of visits: core's Rows, and where a visit stands."""

    def stage(self, visit) -> str:
        """Where a visit stands, from the visit row alone (no query): its status, and the
        intake's hand-over to the physician until the note is signed (a booked visit has no
        intake yet)."""
        status = self.label(VisitStatus, visit.status)
        shown = f'<span class="badge text-bg-secondary">{status}</span>'
        if visit.status != VisitStatus.SCHEDULED and not visit.is_signed:
            if visit.intake_completed_at:
                shown += (' <span class="badge stage-awaiting-physician">'
                          f'{self.text("awaiting", lambda: gettext("Awaiting physician"))}</span>')
            else:
                shown += (' <span class="badge stage-intake">'
                          f'{self.text("intake", lambda: gettext("Intake in progress"))}</span>')
        return f'<span class="visit-stage">{shown}</span>'

    def patient_link(self, visit) -> str:
        return (f'<a href="{self.link("visits:detail", visit.pk)}">'
                f'{escaped(visit.patient.full_name)}</a>')


def visit_rows(visits) -> str:
    """The rows of a list of visits (today's, incomplete intakes, a patient's visits)."""
    rows = Rows()
    return "".join(
        f'<tr><td>{rows.date(visit.visit_date)}</td>'
        f'<td>{rows.patient_link(visit)}'
        f'<span class="d-md-none d-block small mrn">{escaped(visit.patient.mrn)}</span></td>'
        f'<td class="mrn d-none d-md-table-cell">{escaped(visit.patient.mrn)}</td>'
        f'<td class="d-none d-md-table-cell">{rows.label(VisitType, visit.visit_type)}</td>'
        f'<td class="d-none d-md-table-cell">{physician_name(visit)}</td>'
        f'<td>{rows.stage(visit)}</td></tr>\n'
        for visit in visits)


def physician_name(visit) -> str:
    physician = visit.assigned_physician
    return escaped(physician.signature_name) if physician and physician.signature_name else "—"


def queue_rows(entries) -> str:
    """The rows of the physician's queue: each visit with its most urgent red flag."""
    rows = Rows()
    html = []
    for entry in entries:
        visit, day = entry.visit, rows.date(entry.visit.visit_date)
        html.append(
            f'<tr><td>{flag_html(rows, entry)}</td>'
            f'<td class="d-none d-sm-table-cell">{day}</td>'
            f'<td>{rows.patient_link(visit)}'
            f'<span class="d-md-none d-block small mrn">{escaped(visit.patient.mrn)}</span>'
            f'<span class="d-sm-none d-block small">{day}</span></td>'
            f'<td class="mrn d-none d-md-table-cell">{escaped(visit.patient.mrn)}</td>'
            f'<td class="d-none d-lg-table-cell">{rows.label(VisitType, visit.visit_type)}</td>'
            f'<td class="d-none d-md-table-cell">'
            f'{escaped(truncated(visit.chief_complaint, 60))}</td>'
            f'<td>{rows.stage(visit)}</td></tr>\n')
    return "".join(html)


def flag_html(rows: Rows, entry) -> str:
    if entry.flag is None:
        none = rows.text("no flag", lambda: pgettext("red flags", "none"))
        return f'<span class="text-body-secondary small">{none}</span>'
    more = f' <span class="small">+{entry.flag_count - 1}</span>' if entry.flag_count > 1 else ""
    return (f'<span class="badge urgency-{escaped(entry.flag.urgency)}">'
            f'{escaped(entry.flag.urgency_name)}</span>{more}')


def follow_up_rows(request, follow_ups, state: str, today) -> str:
    """The rows of one state of the follow-ups list: each episode's follow-up point, and the
    visit booked for it (started from here when its day has come) or a link to book one."""
    rows = Rows()
    html = []
    for row in follow_ups:
        patient = row.episode.patient
        html.append(
            f'<tr><td><a href="{rows.link("patients:detail", row.episode.patient_id)}">'
            f'{escaped(patient.full_name)}</a></td>'
            f'<td class="mrn d-none d-md-table-cell">{escaped(patient.mrn)}</td>'
            f'<td>{escaped(row.point.label)}</td><td>{rows.date(row.target)}</td>'
            f'<td class="d-none d-md-table-cell">{rows.date(row.opens)} – '
            f'{rows.date(row.closes)}</td>'
            f'<td class="d-none d-lg-table-cell">'
            f'{escaped(truncated(row.episode.condition, 50))}</td>'
            f'<td>{booking_html(request, rows, row, state, today)}</td></tr>\n')
    return "".join(html)


def booking_html(request, rows: Rows, row, state: str, today) -> str:
    name = escaped(row.episode.patient.full_name)
    if row.booked_visit_id is None:
        day = row.target if row.target > today else today
        words = rows.markup("book", lambda: gettext(
            'Book<span class="visually-hidden"> a visit for %(name)s</span>'))
        return (f'<a href="{rows.link("visits:book", row.episode.patient_id)}?episode='
                f'{int(row.episode.pk)}&amp;date={day.isoformat()}">{words % {"name": name}}</a>')
    booked = (f'<a href="{rows.link("visits:detail", row.booked_visit_id)}">'
              f'{rows.date(row.booked_date)}</a>')
    if row.booked_date > today or state == "missed":
        return booked
    words = rows.markup("start", lambda: gettext(
        'Start<span class="visually-hidden"> the visit of %(name)s</span>'))
    start = rows.link("visits:start", row.booked_visit_id)
    # One form token for the list's forms: a template's {% csrf_token %} writes the same one
    # in every form of a page.
    token = rows.markup("csrf", lambda: escaped(get_token(request)))
    return (f'{booked} <form method="post" action="{start}" class="d-inline">'
            f'<input type="hidden" name="csrfmiddlewaretoken" '
            f'value="{token}"><button type="submit" '
            f'class="btn btn-sm btn-primary ms-1">{words % {"name": name}}</button></form>')
