"""Words printed on documents, by key, so one template serves every language and the trilingual
layout: `{% label "discipline" %}` prints "Discipline" in the document's language, or
"Пән / Дисциплина / Discipline" in a trilingual document (transcripts/templatetags/documents.py)."""

from django.utils import translation
from django.utils.translation import gettext_noop

TRILINGUAL = ("kk", "ru", "en")

LABELS = {
    "transcript": gettext_noop("Transcript"),
    "transcript_unofficial": gettext_noop("Unofficial transcript: not valid as an official document"),
    "academic_certificate": gettext_noop("Academic certificate"),
    "study_certificate": gettext_noop("Certificate of study"),
    "diploma": gettext_noop("Diploma"),
    "diploma_honours": gettext_noop("Diploma with honours"),
    "supplement": gettext_noop("Diploma supplement"),
    "duplicate": gettext_noop("Duplicate"),
    "duplicate_of": gettext_noop("Issued instead of"),
    "number": gettext_noop("No."),
    "date_of_issue": gettext_noop("Date of issue"),
    "holder": gettext_noop("Full name"),
    "birth_date": gettext_noop("Date of birth"),
    "student_number": gettext_noop("Student ID number"),
    "programme": gettext_noop("Educational programme"),
    "degree": gettext_noop("Degree awarded"),
    "study_form": gettext_noop("Study form"),
    "study_language": gettext_noop("Language of instruction"),
    "funding": gettext_noop("Funding"),
    "intake_year": gettext_noop("Year of admission"),
    "year_of_study": gettext_noop("Year of study"),
    "code": gettext_noop("Code"),
    "discipline": gettext_noop("Discipline"),
    "credits": gettext_noop("Credits (ECTS)"),
    "letter": gettext_noop("Letter grade"),
    "points": gettext_noop("Grade points"),
    "percent": gettext_noop("Percent"),
    "traditional": gettext_noop("Traditional grade"),
    "term_gpa": gettext_noop("GPA of the term"),
    "year_gpa": gettext_noop("GPA of the academic year"),
    "cumulative_gpa": gettext_noop("Cumulative GPA"),
    "credits_earned": gettext_noop("Credits earned"),
    "credits_total": gettext_noop("Total credits"),
    "recognised": gettext_noop("Recognised from another institution"),
    "mobility": gettext_noop("Academic mobility"),
    "retaken": gettext_noop("retaken later"),
    "without_term": gettext_noop("Recognised and transferred results"),
    "verify": gettext_noop("Verify this document"),
    "verification_code": gettext_noop("Verification code"),
    "registration_number": gettext_noop("Registration number"),
    "series": gettext_noop("Series and number"),
    "attestation": gettext_noop("By decision of the state attestation commission"),
    "minutes": gettext_noop("minutes No."),
    "awarded": gettext_noop("is awarded the degree"),
    "on_programme": gettext_noop("in the educational programme"),
    "city": gettext_noop("City"),
    "rector": gettext_noop("Rector"),
    "registrar_head": gettext_noop("Head of the registrar's office"),
    "seal": gettext_noop("Seal"),
    "left_order": gettext_noop("Left the university by order"),
    "ground": gettext_noop("Ground"),
    "graduation_order": gettext_noop("Graduation order"),
    "level": gettext_noop("Level of the qualification"),
    "certifies": gettext_noop("This is to certify that"),
    "is_student": gettext_noop("is a student of"),
    "expected_end": gettext_noop("Expected end of studies"),
    "presented_to": gettext_noop("Issued for presentation to"),
    "valid_for": gettext_noop("The certificate is valid for six months from the date of issue."),
    "supplement_1": gettext_noop("1. Information identifying the holder of the qualification"),
    "supplement_2": gettext_noop("2. Information identifying the qualification"),
    "supplement_3": gettext_noop("3. Information on the level and duration of the qualification"),
    "supplement_4": gettext_noop("4. Information on the programme completed and the results obtained"),
    "supplement_5": gettext_noop("5. Information on the function of the qualification"),
    "supplement_6": gettext_noop("6. Additional information"),
    "supplement_7": gettext_noop("7. Certification of the supplement"),
    "supplement_8": gettext_noop("8. Information on the national higher education system"),
    "level_bachelor": gettext_noop("First cycle (bachelor), level 6 of the National Qualifications Framework"),
    "level_master": gettext_noop("Second cycle (master), level 7 of the National Qualifications Framework"),
    "level_doctorate": gettext_noop("Third cycle (doctorate), level 8 of the National Qualifications Framework"),
    "duration": gettext_noop("Official duration, years"),
    "access_master": gettext_noop("Gives access to master's programmes."),
    "access_doctorate": gettext_noop("Gives access to doctoral programmes."),
    "professional": gettext_noop("Gives the right to work in the field of the degree."),
    "grading_scale": gettext_noop("Grading scale"),
    "honours": gettext_noop("with honours"),
    "national_system": gettext_noop(
        "Higher education in the Republic of Kazakhstan has three cycles: bachelor (at least 240 ECTS "
        "credits), master (60–120 credits) and doctorate (180 credits). Credits follow ECTS; grades use "
        "the letter scale with grade points from 4.00 (A) to 0 (F)."
    ),
    "page": gettext_noop("Page"),
}


def label(key: str, languages) -> str:
    """The label in each of `languages`, joined by " / "."""
    text = LABELS[key]
    if len(languages) == 1:
        with translation.override(languages[0]):
            return translation.gettext(text)
    parts = []
    for language in languages:
        with translation.override(language):
            parts.append(translation.gettext(text))
    return " / ".join(dict.fromkeys(parts))


def in_languages(value_for, languages, sep=" / ") -> str:
    """`value_for(language)` for each language, duplicates dropped (a name equal in kk and ru)."""
    parts = [value_for(lang) for lang in languages]
    return sep.join(dict.fromkeys(p for p in parts if p))
