"""GPA follows every writer of results besides sheets: academic mobility (one record or an import),
an approved recognition, and a change of the GPA settings (every student, after commit; any other
change of the settings recomputes nothing)."""

from decimal import Decimal

import pytest
from django.db import transaction

from enrollment.models import Result
from grading.gpa_rules import GpaRow, gpa
from grading.models import GpaScope, GpaSnapshot
from grading.services import mobility as mobility_svc
from grading.services import recognition as recognition_svc
from grading.services.gpa import gpa_recompute, gpa_rules_in_force
from registrar import selectors, services
from registrar.forms import UniversitySettingsForm, scale_initial, thresholds_initial
from tests.registration.world import build_world

from .gpa_world import gpa_world, record
from .test_mobility_services import entry, good_row, xlsx
from .test_recognition_services import prepare, recognition_world

pytestmark = pytest.mark.django_db
D = Decimal


def snapshots(student) -> dict:
    return {
        (s.scope, s.term_id, s.academic_year_id): (s.gpa, s.credits, s.credits_earned)
        for s in GpaSnapshot.objects.filter(student=student)
    }


def reference_gpa(student):
    """The cumulative GPA of the record by the pure-Python reference (grading.gpa_rules)."""
    rows = [
        GpaRow(r.discipline_id, r.attempt, r.credits, r.points, r.letter, r.discipline.is_physical_education)
        for r in Result.objects.filter(student=student).select_related("discipline")
    ]
    return gpa(rows, gpa_rules_in_force())


def assert_up_to_date(*students):
    """What the services left equals a fresh recomputation: recomputing again writes nothing."""
    before = {s.pk: snapshots(s) for s in students}
    assert gpa_recompute(student_ids=[s.pk for s in students]) == 0
    assert before == {s.pk: snapshots(s) for s in students}


def test_a_mobility_record_computes_the_gpa_in_its_transaction(users):
    world = build_world(users)
    other = world.student_like()
    record(other, world.compulsory[1], world.autumn, "C")  # another student's record stays untouched
    with transaction.atomic():
        mobility_svc.mobility_record(actor=users["registrar"], entry=entry(world, ects_grade="B"))  # B → 85 → B+
        # Before the transaction ends, the snapshot is already there: never a result without its GPA.
        cumulative = GpaSnapshot.objects.get(student=world.student, scope=GpaScope.CUMULATIVE)
        assert (cumulative.gpa, cumulative.credits, cumulative.credits_earned) == (D("3.33"), 5, 5)
    term = GpaSnapshot.objects.get(student=world.student, scope=GpaScope.TERM, term=world.autumn)
    year = GpaSnapshot.objects.get(student=world.student, scope=GpaScope.YEAR)
    assert term.gpa == year.gpa == D("3.33") and year.academic_year_id == world.autumn.academic_year_id
    assert not GpaSnapshot.objects.filter(student=other).exists()
    assert_up_to_date(world.student)


def test_a_mobility_import_computes_the_gpa_of_its_students(users):
    world = build_world(users)
    other = world.student_like()
    rows = [
        good_row(world, grade="A"),  # CMP1 A 4.00
        good_row(world, course="Algorithms", discipline="CMP2", grade="FX"),  # CMP2 FX 0.50
        good_row(world, student=other, grade="C"),  # C → 75 → B- 2.67
    ]
    mobility_svc.mobility_import(actor=users["registrar"], upload=xlsx(rows))
    mine = GpaSnapshot.objects.get(student=world.student, scope=GpaScope.CUMULATIVE)
    assert (mine.gpa, mine.credits, mine.credits_earned) == (D("2.25"), 10, 5)  # (5·4.00 + 5·0.50) / 10
    assert GpaSnapshot.objects.get(student=other, scope=GpaScope.CUMULATIVE).gpa == D("2.67")
    assert mine.gpa == reference_gpa(world.student)
    assert_up_to_date(world.student, other)


def test_an_approved_recognition_computes_the_gpa(users):
    world = recognition_world(users)  # the student already has T1A B+ in the record, without a snapshot
    recognition = prepare(world, users)
    assert not GpaSnapshot.objects.filter(student=world.student).exists()
    recognition_svc.recognition_approve(actor=users["registrar"], recognition=recognition)
    cumulative = GpaSnapshot.objects.get(student=world.student, scope=GpaScope.CUMULATIVE)
    # T1A B+ 3.33 (own), recognised T1B A- 3.67, CMP1 B+ 3.33, ELC2 B- 2.67; 5 credits each.
    assert (cumulative.gpa, cumulative.credits, cumulative.credits_earned) == (D("3.25"), 20, 20)
    assert cumulative.gpa == reference_gpa(world.student)
    # The own result's term has its term GPA; recognised results (no term) count only cumulatively.
    term = GpaSnapshot.objects.get(student=world.student, scope=GpaScope.TERM)
    assert (term.term_id, term.gpa) == (world.autumn.pk, D("3.33"))
    assert_up_to_date(world.student)


def test_a_draft_recognition_changes_no_gpa(users):
    world = recognition_world(users)
    prepare(world, users)
    assert not GpaSnapshot.objects.exists()


# --- settings ------------------------------------------------------------------------------------------


def settings_values(**changes) -> dict:
    obj = selectors.university_settings()
    return {name: getattr(obj, name) for name in UniversitySettingsForm.Meta.fields} | changes


def update_settings(users, **changes):
    services.settings_update(
        actor=users["registrar_head"],
        values=settings_values(**changes),
        scale=scale_initial(),
        thresholds=thresholds_initial(),
    )


@pytest.fixture
def fx_world():
    services.settings_ensure_defaults(academic_year=2030)
    world = gpa_world()
    a, b = world.student(), world.student()
    autumn = world.term(2030, "autumn")
    record(a, world.disciplines[0], autumn, "A")
    record(a, world.disciplines[1], autumn, "FX")
    record(b, world.disciplines[0], autumn, "B")
    gpa_recompute()
    return world, a, b


def cumulative_gpa(student):
    return GpaSnapshot.objects.get(student=student, scope=GpaScope.CUMULATIVE).gpa


def test_turning_fx_counting_off_recomputes_every_gpa_after_commit(users, fx_world, django_capture_on_commit_callbacks):
    _world, a, b = fx_world
    assert cumulative_gpa(a) == D("2.25")  # (4.00 + 0.50) / 2
    with django_capture_on_commit_callbacks(execute=True):
        update_settings(users, fx_counts_in_gpa=False)
        assert cumulative_gpa(a) == D("2.25")  # not before the change is committed
    assert cumulative_gpa(a) == D("2.00")  # (4.00 + 0) / 2
    assert cumulative_gpa(b) == D("3.00")
    assert cumulative_gpa(a) == reference_gpa(a)
    assert_up_to_date(a, b)
    with django_capture_on_commit_callbacks(execute=True):
        update_settings(users, fx_counts_in_gpa=True)
    assert cumulative_gpa(a) == D("2.25")


def test_latest_attempt_and_physical_education_options_recompute_too(users, django_capture_on_commit_callbacks):
    services.settings_ensure_defaults(academic_year=2030)
    world = gpa_world()
    s = world.student()
    autumn, spring = world.term(2030, "autumn"), world.term(2030, "spring")
    record(s, world.disciplines[0], autumn, "F")
    record(s, world.disciplines[0], spring, "B")
    record(s, world.pe, spring, "A")
    gpa_recompute()
    assert cumulative_gpa(s) == D("3.50")  # latest attempt B 3.00 and PE A 4.00
    with django_capture_on_commit_callbacks(execute=True):
        update_settings(users, gpa_latest_attempt_only=False)
    assert cumulative_gpa(s) == D("2.33")  # (0 + 3.00 + 4.00) / 3
    with django_capture_on_commit_callbacks(execute=True):
        update_settings(users, gpa_latest_attempt_only=True, gpa_excludes_physical_education=True)
    assert cumulative_gpa(s) == D("3.00")
    assert_up_to_date(s)


def test_a_change_outside_the_gpa_options_recomputes_nothing(users, fx_world, django_capture_on_commit_callbacks):
    _world, a, _b = fx_world
    GpaSnapshot.objects.filter(student=a, scope=GpaScope.CUMULATIVE).update(gpa=D("1.11"))  # a stale value
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        update_settings(users, admission_weight=D("0.70"), exam_weight=D("0.30"), honours_min_gpa=D("3.40"))
    assert len(callbacks) == 1  # only forgetting the cached settings
    assert cumulative_gpa(a) == D("1.11")  # untouched: nothing was recomputed
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        update_settings(users, fx_counts_in_gpa=False)
    assert len(callbacks) == 2


def test_a_change_through_the_admin_recomputes_too(users, fx_world, client_for, django_capture_on_commit_callbacks):
    from registrar.models import UniversitySettings

    _world, a, _b = fx_world
    admin = client_for("administrator")
    obj = UniversitySettings.objects.get()
    page = admin.get(f"/admin/registrar/universitysettings/{obj.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    data.pop("fx_counts_in_gpa", None)  # unchecked: FX counts 0
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(f"/admin/registrar/universitysettings/{obj.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert cumulative_gpa(a) == D("2.00")


def test_a_batch_recomputes_once_at_its_end():
    from grading.services.gpa import gpa_recompute_batch

    world = gpa_world()
    a, b = world.student(), world.student()
    autumn = world.term(2030, "autumn")
    with transaction.atomic():
        with gpa_recompute_batch():
            record(a, world.disciplines[0], autumn, "A")
            assert gpa_recompute(student_ids=[a.pk]) == 0
            with gpa_recompute_batch():  # nested: the outer block does the work
                record(b, world.disciplines[0], autumn, "C")
                gpa_recompute(student_ids=[b.pk])
            assert not GpaSnapshot.objects.exists()
        assert (cumulative_gpa(a), cumulative_gpa(b)) == (D("4.00"), D("2.00"))
    with pytest.raises(RuntimeError), gpa_recompute_batch():
        record(a, world.disciplines[1], autumn, "F")
        gpa_recompute(student_ids=[a.pk])
        raise RuntimeError
    assert cumulative_gpa(a) == D("4.00")  # after an error nothing is recomputed
