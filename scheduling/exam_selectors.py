"""Reads of the exam-schedule pages, each in a bounded number of queries: the versions a user may see,
the exams of a version, a group, a student or a teacher (their own exams and their invigilation), and
the rows of the schedule table (date, time, exam, groups, students, rooms, invigilators)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch, Q

from enrollment.models import PlanItem

from .models import ExamRoom, ExamScheduleVersion, ScheduledExam, SolveStatus, VersionStatus
from .selectors import _plan_sections, pick_version

VERSIONS = ExamScheduleVersion.objects.select_related("term__academic_year", "created_by", "published_by")

__all__ = ["pick_version"]


def versions_visible_to(user):
    """Computed versions `user` may open: the office every one, others the published ones."""
    qs = VERSIONS.filter(solve_status=SolveStatus.DONE)
    if not user.is_office:
        qs = qs.filter(status=VersionStatus.PUBLISHED)
    return qs.order_by("-term__starts_on", "study_form", "-created_at")


def published_versions_for_form(study_form: str):
    return list(VERSIONS.filter(status=VersionStatus.PUBLISHED, study_form=study_form).order_by("-term__starts_on"))


def exams(version):
    return (
        ScheduledExam.objects.filter(version=version)
        .select_related("section__discipline", "section__teacher__user")
        .prefetch_related(
            Prefetch("rooms", queryset=ExamRoom.objects.select_related("room").prefetch_related("invigilators__user"))
        )
        .order_by("date", "starts_at", "section__discipline__code", "section_id")
    )


def _exam_ids_of_sections(version, section_ids) -> set[int]:
    through = ScheduledExam.sections.through
    return set(
        through.objects.filter(scheduledexam__version=version, section_id__in=section_ids).values_list(
            "scheduledexam_id", flat=True
        )
    )


def student_exams(version, student):
    ids = _exam_ids_of_sections(version, _plan_sections(version.term_id, Q(plan__student=student)))
    return exams(version).filter(pk__in=ids)


def group_exams(version, group):
    ids = _exam_ids_of_sections(version, _plan_sections(version.term_id, Q(plan__student__group=group)))
    return exams(version).filter(pk__in=ids)


def teacher_exams(version, teacher):
    """The teacher's own exams (of sections they teach) and the exams they invigilate."""
    return exams(version).filter(Q(sections__teacher=teacher) | Q(rooms__invigilators=teacher)).distinct()


def rows(version, exam_list) -> list[dict]:
    """One row per exam: the exam, its groups (names) and students, rooms with seats and invigilators."""
    exam_list = list(exam_list)
    groups = defaultdict(set)
    if exam_list:
        through = ScheduledExam.sections.through
        exam_of_section = defaultdict(set)
        for exam_id, section_id in through.objects.filter(scheduledexam_id__in=[e.pk for e in exam_list]).values_list(
            "scheduledexam_id", "section_id"
        ):
            exam_of_section[section_id].add(exam_id)
        items = PlanItem.objects.filter(plan__term_id=version.term_id, plan__student__group__isnull=False).filter(
            Q(section_id__in=exam_of_section)
            | Q(practice_section_id__in=exam_of_section)
            | Q(lab_section_id__in=exam_of_section)
        )
        for name, *section_ids in items.values_list(
            "plan__student__group__name", "section_id", "practice_section_id", "lab_section_id"
        ):
            for sid in section_ids:
                for exam_id in exam_of_section.get(sid, ()):
                    groups[exam_id].add(name)
    out = []
    for exam in exam_list:
        rooms = list(exam.rooms.all())
        out.append(
            {
                "exam": exam,
                "discipline": exam.section.discipline,
                "groups": sorted(groups.get(exam.pk, ())),
                "rooms": [
                    {"room": r.room, "seats": r.seats, "invigilators": [str(t) for t in r.invigilators.all()]}
                    for r in rooms
                ],
            }
        )
    return out
