"""The patient list's rows are written in Python (patients/list_html.py) as its template wrote
them: the same cells for every patient, names escaped, in each clinic language's formats."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from backpain.patients.list_html import patient_rows
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db

# The rows as templates/patients/patient_list.html wrote them before.
TEMPLATE_ROWS = Template("""{% for patient in patients %}
  <tr>
    <td><a href="{% url 'patients:detail' patient.pk %}">{{ patient.full_name }}</a><span class="d-sm-none d-block small"><span class="mrn">{{ patient.mrn }}</span> · {{ patient.age_years }} · {{ patient.get_sex_display }}</span></td>
    <td class="mrn d-none d-sm-table-cell">{{ patient.mrn }}</td>
    <td>{{ patient.date_of_birth|date:"SHORT_DATE_FORMAT" }}</td>
    <td class="d-none d-sm-table-cell">{{ patient.age_years }}</td>
    <td class="d-none d-sm-table-cell">{{ patient.get_sex_display }}</td>
  </tr>
  {% endfor %}""")  # noqa: E501


@pytest.mark.parametrize("language", ["en-gb", "en-us"])
def test_the_rows_are_those_the_template_wrote(clinic, language):
    patients = [
        PatientFactory(clinic=clinic, family_name="O'Brien <b>", given_name="Siobhán & Co",
                       mrn="RSC-<1>", sex="female", date_of_birth=datetime.date(1951, 2, 3)),
        PatientFactory(clinic=clinic, family_name="Nguyen", given_name="An", mrn="RSC-2",
                       sex="male", date_of_birth=datetime.date(2001, 12, 31)),
        PatientFactory(clinic=clinic, family_name="Smith", given_name="Sam", mrn="RSC-3",
                       sex="other", date_of_birth=datetime.date(1988, 7, 9)),
    ]
    with translation.override(language):
        written = patient_rows(patients)
        templated = TEMPLATE_ROWS.render(Context({"patients": patients}))
    assert written.split() == templated.split()
    assert "&lt;B&gt;" in written and "<B>" not in written  # the family name in capitals
