"""The demo seeder: approved curricula for every demo programme, 4 intake years, Kazakh and Russian."""

import pytest
from django.utils import timezone

from academics import demo_data
from academics.models import Curriculum, CurriculumItem, ElectiveBlock
from academics.selectors_curricula import curriculum_check
from registrar.dates import academic_year_of
from registrar.demo import DemoContext, seeders

pytestmark = pytest.mark.django_db


def seed():
    ctx = DemoContext(seed=2026, students=0, log=lambda message: None)
    for order, _name, fn in seeders():
        if order <= 30:  # core, structure, calendar, curricula
            fn(ctx)


def test_demo_has_approved_curricula_for_four_intakes_in_kazakh_and_russian():
    seed()
    this_year = academic_year_of(timezone.localdate())
    expected = 0
    for code in demo_data.PROGRAMMES:
        languages = [lang for lang in demo_data.PROGRAMME_INFO[code]["languages"] if lang in ("kk", "ru")]
        expected += 4 * len(languages)
    curricula = Curriculum.objects.select_related("programme", "approved_by")
    assert curricula.count() == expected
    assert {c.intake_year for c in curricula} == {this_year - n for n in range(4)}
    assert {c.status for c in curricula} == {"approved"}
    assert {c.approved_by.username for c in curricula} == {"head"}
    assert {c.study_form for c in curricula} == {"full_time"}
    assert ElectiveBlock.objects.filter(items__isnull=True).count() == 0
    for c in curricula:
        assert curriculum_check(c).violations == [], str(c)


def test_demo_curricula_are_seeded_once():
    seed()
    counts = (Curriculum.objects.count(), ElectiveBlock.objects.count(), CurriculumItem.objects.count())
    seed()
    assert (Curriculum.objects.count(), ElectiveBlock.objects.count(), CurriculumItem.objects.count()) == counts
