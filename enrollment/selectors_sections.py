"""Reads of sections: who may see which, the students of a section, the seat-count invariant, and the
planned teaching load per teacher (hours per term = discipline hours × sections), each in a bounded
number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from academics.models import Teacher, Term
from registrar.roles import Role

from . import sections_rules as rules
from .choices import SectionKind, SectionStatus
from .models import PlanItem, Section
from .policies import dean_faculty_ids

HOURS_FIELD = {
    SectionKind.LECTURE: "hours_lecture",
    SectionKind.PRACTICE: "hours_practice",
    SectionKind.LAB: "hours_lab",
}


# --- who sees what ----------------------------------------------------------------------------------------------


def sections_visible_to(user, queryset=None):
    """Sections `user` may open: the office all; a dean's office those of its faculties' departments;
    a teacher the sections they teach and the groups inside them."""
    qs = Section.objects.all() if queryset is None else queryset
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.is_office:
        return qs
    condition = Q(pk__in=[])
    faculties = dean_faculty_ids(user)
    if faculties:
        condition |= Q(discipline__department__faculty_id__in=faculties)
    if user.has_role(Role.TEACHER):
        condition |= Q(teacher__user_id=user.pk) | Q(parent__teacher__user_id=user.pk)
        condition |= Q(parent__parent__teacher__user_id=user.pk)
    return qs.filter(condition)


def teachers_visible_to(user, queryset=None):
    """Whose planned load `user` may see: the office everyone; a dean's office its faculties'
    teachers; a teacher themself."""
    qs = Teacher.objects.all() if queryset is None else queryset
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.is_office:
        return qs
    condition = Q(pk__in=[])
    if user.has_role(Role.DEAN_OFFICE):
        condition |= Q(department__faculty_id__in=dean_faculty_ids(user) or [])
    if user.has_role(Role.TEACHER):
        condition |= Q(user_id=user.pk)
    return qs.filter(condition)


# --- terms ------------------------------------------------------------------------------------------------------


def terms_for_sections():
    return Term.objects.select_related("academic_year").order_by("-academic_year__start_year", "-starts_on")


def default_term() -> Term | None:
    """The term the office works on: the one running today, else the next to start, else the latest."""
    today = timezone.localdate()
    terms = list(terms_for_sections())
    running = [t for t in terms if t.starts_on <= today <= t.ends_on]
    if running:
        return running[0]
    upcoming = sorted((t for t in terms if t.starts_on > today), key=lambda t: t.starts_on)
    if upcoming:
        return upcoming[0]
    return terms[0] if terms else None


# --- sections ----------------------------------------------------------------------------------------------------


KIND_RANK = Case(
    When(kind=SectionKind.LECTURE, then=Value(0)),
    When(kind=SectionKind.PRACTICE, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def section_list_queryset():
    """Sections with what the list shows; `kind_rank` orders a stream before its groups and subgroups."""
    return (
        Section.objects.select_related("discipline", "teacher__user", "term__academic_year", "parent__discipline")
        .annotate(kind_rank=KIND_RANK)
        .order_by("discipline__code", "language", "kind_rank", "number")
    )


def sections_for_detail(user):
    return sections_visible_to(
        user, Section.objects.select_related("discipline__department", "teacher__user", "term__academic_year")
    ).select_related("parent__discipline", "parent__parent__discipline")


def section_students(section: Section) -> list[PlanItem]:
    """The plan items seated in `section` with their students, academic groups and inner groups. One query."""
    slot = rules.member_field(section.kind, section.parent_id is not None)
    return list(
        PlanItem.objects.filter(**{slot: section})
        .select_related(
            "plan__student__group",
            "plan__student__programme",
            "practice_section__discipline",
            "lab_section__discipline",
        )
        .order_by("plan__student__group__name", "plan__student__last_name", "plan__student__first_name")
    )


def section_children(section: Section) -> list[Section]:
    return list(
        Section.objects.filter(parent=section).select_related("discipline", "teacher__user").order_by("kind", "number")
    )


def section_siblings(section: Section) -> list[Section]:
    """Open sections a student of `section` could be moved to, and that it could merge with."""
    return list(
        Section.objects.filter(
            term_id=section.term_id,
            discipline_id=section.discipline_id,
            language=section.language,
            kind=section.kind,
            parent_id=section.parent_id,
            status=SectionStatus.OPEN,
        )
        .exclude(pk=section.pk)
        .select_related("discipline")
        .order_by("number")
    )


# --- the seat-count invariant ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeatMismatch:
    section_id: int
    code: str
    seats_taken: int
    students: int


def section_count_mismatches(term: Term) -> list[SeatMismatch]:
    """Sections of `term` whose `seats_taken` differs from the plan items pointing at them through the
    matching field (a stream: `section`; a group inside a stream: `practice_section`; a lab subgroup
    inside a group: `lab_section`). Three queries."""
    mismatches = []
    for slot, condition in (
        ("section", Q(parent__isnull=True)),
        ("practice_section", Q(parent__isnull=False, kind=SectionKind.PRACTICE)),
        ("lab_section", Q(parent__isnull=False, kind=SectionKind.LAB)),
    ):
        count = (
            PlanItem.objects.filter(**{slot: OuterRef("pk")}).order_by().values(slot).annotate(n=Count("pk"))
        ).values("n")
        rows = (
            Section.objects.filter(condition, term=term)
            .annotate(students=Coalesce(Subquery(count, output_field=IntegerField()), Value(0)))
            .exclude(seats_taken=F("students"))
            .select_related("discipline")
        )
        mismatches += [SeatMismatch(s.pk, s.code, s.seats_taken, s.students) for s in rows]
    # A plan item whose field points at a section of another level is a mismatch too.
    wrong = PlanItem.objects.filter(plan__term=term).filter(
        Q(section__parent__isnull=False)
        | Q(practice_section__isnull=False, practice_section__parent__isnull=True)
        | Q(lab_section__isnull=False, lab_section__parent__isnull=True)
    )
    mismatches += [SeatMismatch(0, f"item {pk}", 0, 0) for pk in wrong.values_list("pk", flat=True)]
    return mismatches


def section_counts_consistent(term: Term) -> bool:
    """True when every section's `seats_taken` equals its plan items (see `section_count_mismatches`)."""
    return not section_count_mismatches(term)


# --- planned teaching load -------------------------------------------------------------------------------------------


def teacher_load(term: Term, queryset=None):
    """Teachers annotated with their planned load in `term`: per kind the number of open sections and
    the hours (Σ the discipline's hours of that kind), and `total_hours`. One query for any number of
    teachers. Active teachers are listed even without sections (who is free), and inactive ones when
    they still hold a section."""
    qs = Teacher.objects.all() if queryset is None else queryset
    holds = Section.objects.filter(teacher=OuterRef("pk"), term=term, status=SectionStatus.OPEN)
    qs = qs.filter(Q(is_active=True) | Exists(holds))
    annotations = {}
    for kind, hours in HOURS_FIELD.items():
        condition = Q(sections__term=term, sections__status=SectionStatus.OPEN, sections__kind=kind)
        annotations[f"{kind}_sections"] = Count("sections", filter=condition)
        annotations[f"{kind}_hours"] = Coalesce(Sum(f"sections__discipline__{hours}", filter=condition), 0)
    return (
        qs.select_related("user", "department")
        .annotate(**annotations)
        .annotate(total_hours=F("lecture_hours") + F("practice_hours") + F("lab_hours"))
    )


def load_by_department(term: Term, teachers) -> list[dict]:
    """Totals per department of the teachers in `teachers` (a queryset): sections per kind and hours. One query."""
    rows = (
        Section.objects.filter(term=term, status=SectionStatus.OPEN, teacher__in=teachers.values("pk"))
        .values("teacher__department__code", "kind")
        .annotate(
            n=Count("pk"),
            hours=Coalesce(Sum("discipline__hours_lecture", filter=Q(kind=SectionKind.LECTURE)), 0)
            + Coalesce(Sum("discipline__hours_practice", filter=Q(kind=SectionKind.PRACTICE)), 0)
            + Coalesce(Sum("discipline__hours_lab", filter=Q(kind=SectionKind.LAB)), 0),
        )
        .order_by("teacher__department__code", "kind")
    )
    departments: dict = {}
    for row in rows:
        line = departments.setdefault(
            row["teacher__department__code"],
            {"department": row["teacher__department__code"], **dict.fromkeys(SectionKind.values, 0), "hours": 0},
        )
        line[row["kind"]] += row["n"]
        line["hours"] += row["hours"]
    return list(departments.values())
