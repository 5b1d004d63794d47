"""factory_boy factories for the clinic's records."""

import datetime

import factory
from django.contrib.auth.models import Group

from backpain.accounts.models import Clinic, User
from backpain.accounts.roles import Role
from backpain.patients.models import Patient
from backpain.visits.models import Visit

TEST_PASSWORD = "correct horse battery staple"


class ClinicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clinic

    name = factory.Sequence(lambda n: f"Clinic {n}")
    timezone = "Europe/London"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    printed_name = factory.LazyAttribute(lambda u: f"{u.first_name} {u.last_name}")
    clinic = factory.SubFactory(ClinicFactory)
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def role(self, create, role, **kwargs):
        if create and role:
            self.groups.add(Group.objects.get(name=Role(role).value))


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patient

    clinic = factory.SubFactory(ClinicFactory)
    mrn = factory.Sequence(lambda n: f"MRN{n:06d}")
    family_name = factory.Faker("last_name")
    given_name = factory.Faker("first_name")
    date_of_birth = datetime.date(1970, 5, 17)
    sex = "female"


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    patient = factory.SubFactory(PatientFactory)
    visit_date = factory.LazyFunction(datetime.date.today)
    visit_type = "new"
    chief_complaint = "Low back pain for two weeks"
    created_by = factory.SubFactory(
        UserFactory, clinic=factory.SelfAttribute("..patient.clinic"), role=Role.INTAKE
    )
    assigned_physician = factory.SubFactory(
        UserFactory,
        clinic=factory.SelfAttribute("..patient.clinic"),
        role=Role.PHYSICIAN,
        credentials="MD",
    )
