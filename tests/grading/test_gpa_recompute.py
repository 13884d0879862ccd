"""GPA follows the record: recomputed when a sheet closes, when a correction is approved, by the
management command, and by the office's button; the demo step computes it."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from grading.models import GpaScope, GpaSnapshot
from grading.services import sheets as svc
from grading.services.gpa import gpa_recompute

from .gpa_world import gpa_world, record
from .test_sheet_services import fill, make_sheet
from .world import graded_world

pytestmark = pytest.mark.django_db
D = Decimal


def cumulative(student):
    return GpaSnapshot.objects.get(student=student, scope=GpaScope.CUMULATIVE)


def test_closing_a_sheet_computes_the_gpa_of_its_students(users):
    world = graded_world(users)
    sheet = make_sheet(world, users)
    a, b, c = world.extra["people"]
    fill(sheet, users["teacher"], {a.pk: (70, 70, 80, 80, 90), b.pk: (80, 80, 80, 80, 45), c.pk: (40, 40, 50, 50, 0)})
    svc.sheet_submit(sheet=sheet, actor=users["teacher"])
    assert not GpaSnapshot.objects.exists()
    svc.sheet_close(sheet=sheet, actor=users["registrar"])
    assert cumulative(a).gpa == D("3.00")  # B
    assert cumulative(b).gpa == D("0.50")  # FX
    assert (cumulative(c).gpa, cumulative(c).credits_earned) == (D("0.00"), 0)  # F
    term = GpaSnapshot.objects.get(student=a, scope=GpaScope.TERM, term=world.term)
    assert (term.gpa, term.credits_earned) == (D("3.00"), world.extra["discipline"].credits)


def test_an_approved_correction_recomputes_the_gpa(users):
    world = graded_world(users)
    sheet = make_sheet(world, users)
    fill(sheet, users["teacher"], {p.pk: (70, 70, 80, 80, 90) for p in world.extra["people"]})
    svc.sheet_submit(sheet=sheet, actor=users["teacher"])
    svc.sheet_close(sheet=sheet, actor=users["registrar"])
    assert cumulative(world.student).gpa == D("3.00")
    row = sheet.rows.get(student=world.student)
    correction = svc.correction_request(
        row=row, field="exam", new_value="100", reason="Arithmetic error on the paper", actor=users["teacher"]
    )
    svc.correction_decide(correction=correction, approve=True, actor=users["registrar_head"])
    assert cumulative(world.student).gpa == D("3.33")  # B+


def test_the_command_recomputes_everyone_or_the_students_given():
    world = gpa_world()
    s, other = world.student(), world.student()
    record(s, world.disciplines[0], world.term(2030, "autumn"), "A")
    record(other, world.disciplines[0], world.term(2030, "autumn"), "C")
    out = StringIO()
    call_command("recompute_gpa", str(s.pk), stdout=out)
    assert "3 values changed" in out.getvalue()
    assert not GpaSnapshot.objects.filter(student=other).exists()
    call_command("recompute_gpa", stdout=out)
    assert cumulative(other).gpa == D("2.00")


def test_the_office_recomputes_from_the_rating_page(users, client_for):
    world = gpa_world()
    s = world.student()
    record(s, world.disciplines[0], world.term(2030, "autumn"), "B")
    assert client_for("dean_office").post("/grading/gpa/recompute/").status_code == 403
    response = client_for("registrar").post("/grading/gpa/recompute/", follow=True)
    assert "3 values changed" in response.content.decode()
    assert cumulative(s).gpa == D("3.00")


def test_the_demo_step_computes_the_gpa():
    from registrar.demo import seeders

    world = gpa_world()
    s = world.student()
    record(s, world.disciplines[0], world.term(2030, "autumn"), "A-")
    step = next(fn for _order, name, fn in seeders() if name == "gpa")

    class Ctx:
        def log(self, message):
            self.message = message

    ctx = Ctx()
    step(ctx)
    assert "3 values" in ctx.message
    assert cumulative(s).gpa == D("3.67")
    assert gpa_recompute() == 0
