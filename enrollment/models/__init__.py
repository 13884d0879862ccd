"""The student's file (identity, status history, groups, personal documents), the academic record,
and course registration (study plans, sections)."""

from .record import Result
from .registration import PlanItem, RuleOverride, Section, StudyPlan
from .student import (
    TRACKED_FIELDS,
    AcademicGroup,
    DeanOfficeMember,
    PersonalDocument,
    RequiredDocument,
    StatusChange,
    Student,
    personal_document_path,
)

__all__ = [
    "TRACKED_FIELDS",
    "AcademicGroup",
    "DeanOfficeMember",
    "PersonalDocument",
    "PlanItem",
    "RequiredDocument",
    "Result",
    "RuleOverride",
    "Section",
    "StatusChange",
    "Student",
    "StudyPlan",
    "personal_document_path",
]
