"""Enumerations of the academic structure (RULES.md §5, §6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StudyForm(models.TextChoices):
    FULL_TIME = "full_time", _("full-time")
    DISTANCE = "distance", _("distance")


class Language(models.TextChoices):
    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")


class MasterTrack(models.TextChoices):
    NONE = "", _("—")
    SCIENTIFIC = "scientific", _("scientific-pedagogical")
    PROFILE = "profile", _("profile")


class Position(models.TextChoices):
    ASSISTANT = "assistant", _("assistant")
    LECTURER = "lecturer", _("lecturer")
    SENIOR_LECTURER = "senior_lecturer", _("senior lecturer")
    ASSOCIATE_PROFESSOR = "associate_professor", _("associate professor")
    PROFESSOR = "professor", _("professor")
    HEAD_OF_DEPARTMENT = "head", _("head of department")


class AcademicDegree(models.TextChoices):
    NONE = "", _("no degree")
    MASTER = "master", _("master")
    CANDIDATE = "candidate", _("candidate of sciences")
    DOCTOR = "doctor", _("doctor of sciences")
    PHD = "phd", _("PhD")


class Employment(models.TextChoices):
    FULL_TIME = "full_time", _("full-time staff")
    PART_TIME = "part_time", _("part-time")


class ControlForm(models.TextChoices):
    EXAM = "exam", _("exam")
    COURSEWORK = "coursework", _("coursework")
    PRACTICE = "practice", _("practice")
    PASS_FAIL = "pass_fail", _("pass/fail")
    FINAL_ATTESTATION = "final_attestation", _("final attestation")


class RoomNeed(models.TextChoices):
    """The room type a discipline's lessons of one type need (blank: by the lesson type, see scheduling)."""

    ANY = "any", _("any room")
    LECTURE_HALL = "lecture_hall", _("lecture hall")
    CLASSROOM = "classroom", _("classroom")
    COMPUTER_LAB = "computer_lab", _("computer lab")
    LABORATORY = "laboratory", _("laboratory")
    GYM = "gym", _("gym")


class Cycle(models.TextChoices):
    GENERAL = "OOD", _("general education (ООД)")
    BASIC = "BD", _("basic (БД)")
    PROFILE = "PD", _("profile (ПД)")
    FINAL_ATTESTATION = "IA", _("final attestation (ИА)")


class Component(models.TextChoices):
    COMPULSORY = "OK", _("compulsory (ОК)")
    UNIVERSITY = "VK", _("university component (ВК)")
    ELECTIVE = "KV", _("elective component (КВ)")


class CurriculumStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    APPROVED = "approved", _("approved")
    SUPERSEDED = "superseded", _("superseded")


class TermKind(models.TextChoices):
    AUTUMN = "autumn", _("autumn term")
    SPRING = "spring", _("spring term")
    SUMMER = "summer", _("summer term")


class PeriodKind(models.TextChoices):
    REGISTRATION = "registration", _("registration")
    ADD_DROP = "add_drop", _("add/drop")
    CLASSES = "classes", _("classes")
    MIDTERM_1 = "midterm_1", _("midterm control 1")
    MIDTERM_2 = "midterm_2", _("midterm control 2")
    GRADE_ENTRY_1 = "grade_entry_1", _("grade entry: rating 1")
    GRADE_ENTRY_2 = "grade_entry_2", _("grade entry: rating 2")
    GRADE_ENTRY_EXAM = "grade_entry_exam", _("grade entry: exam")
    EXAM_SESSION = "exam_session", _("exam session")
    FX_RETAKE = "fx_retake", _("FX-retake days")
    SUMMER_TERM = "summer_term", _("summer term")
    PRACTICE = "practice", _("practice")
    FINAL_ATTESTATION = "final_attestation", _("final attestation")
    VACATION = "vacation", _("vacation")
    HOLIDAY = "holiday", _("public holiday")


# Kinds that open windows for a term's work: they need a term and lie within it.
TERM_PERIOD_KINDS = frozenset(
    {
        PeriodKind.CLASSES,
        PeriodKind.MIDTERM_1,
        PeriodKind.MIDTERM_2,
        PeriodKind.GRADE_ENTRY_1,
        PeriodKind.GRADE_ENTRY_2,
        PeriodKind.GRADE_ENTRY_EXAM,
        PeriodKind.EXAM_SESSION,
        PeriodKind.FX_RETAKE,
        PeriodKind.SUMMER_TERM,
    }
)
# Registration and add/drop concern a term but happen before it starts (registration in April).
BEFORE_TERM_PERIOD_KINDS = frozenset({PeriodKind.REGISTRATION, PeriodKind.ADD_DROP})
