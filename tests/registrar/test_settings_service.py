"""University settings: defaults of RULES.md, validation as a whole, audit, who may change."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from registrar import selectors, services
from registrar.errors import DomainError
from registrar.forms import UniversitySettingsForm, scale_initial, thresholds_initial
from registrar.models import GradeScaleRow, PromotionThreshold, StudyLevel, UniversitySettings

pytestmark = pytest.mark.django_db


def _current_values():
    obj = selectors.university_settings()
    return {name: getattr(obj, name) for name in UniversitySettingsForm.Meta.fields}


def test_defaults_are_the_numbers_of_rules_md():
    s = services.settings_ensure_defaults(academic_year=2026)
    assert (s.admission_weight, s.exam_weight) == (Decimal("0.60"), Decimal("0.40"))
    assert s.current_control_weight == Decimal("0.50")
    assert (s.registration_min_credits, s.registration_max_credits, s.summer_max_credits) == (15, 39, 20)
    assert s.discipline_min_credits == 5 and s.hours_per_credit == 30
    assert s.fx_counts_in_gpa and s.gpa_latest_attempt_only
    assert s.honours_min_gpa == Decimal("3.50")
    assert (s.stream_min_size, s.practice_group_min_size, s.practice_group_max_size) == (30, 10, 30)
    assert (s.lab_subgroup_min_size, s.lab_subgroup_max_size) == (10, 12)
    assert GradeScaleRow.objects.count() == 12
    assert selectors.promotion_threshold(2026, StudyLevel.BACHELOR, 1) == Decimal("1.80")
    assert selectors.promotion_threshold(2026, StudyLevel.BACHELOR, 4) == Decimal("2.20")
    assert selectors.promotion_threshold(2026, StudyLevel.MASTER, 1) == Decimal("2.30")


def test_ensure_defaults_is_idempotent():
    services.settings_ensure_defaults(academic_year=2026)
    services.settings_ensure_defaults(academic_year=2026)
    assert UniversitySettings.objects.count() == 1
    assert GradeScaleRow.objects.count() == 12
    assert PromotionThreshold.objects.filter(academic_year=2026).count() == 5


def test_threshold_of_a_later_year_falls_back_to_the_latest_earlier_year():
    services.settings_ensure_defaults(academic_year=2024)
    assert selectors.promotion_threshold(2027, StudyLevel.BACHELOR, 2) == Decimal("2.00")
    assert selectors.promotion_threshold(2020, StudyLevel.BACHELOR, 2) is None


def test_head_changes_weights_and_the_change_is_audited(users):
    services.settings_ensure_defaults(academic_year=2026)
    values = _current_values() | {"admission_weight": Decimal("0.70"), "exam_weight": Decimal("0.30")}
    services.settings_update(
        actor=users["registrar_head"], values=values, scale=scale_initial(), thresholds=thresholds_initial()
    )
    obj = UniversitySettings.objects.get()
    assert obj.admission_weight == Decimal("0.70")
    last = obj.history.first()
    assert last.history_user == users["registrar_head"]
    assert last.admission_weight == Decimal("0.70")


def test_registrar_may_not_change_settings(users):
    services.settings_ensure_defaults(academic_year=2026)
    with pytest.raises(PermissionDenied):
        services.settings_update(
            actor=users["registrar"], values=_current_values(), scale=scale_initial(), thresholds=thresholds_initial()
        )


def test_weights_not_adding_to_one_are_refused_and_nothing_is_saved(users):
    services.settings_ensure_defaults(academic_year=2026)
    values = _current_values() | {"admission_weight": Decimal("0.70"), "exam_weight": Decimal("0.40")}
    with pytest.raises(DomainError) as exc:
        services.settings_update(
            actor=users["registrar_head"], values=values, scale=scale_initial(), thresholds=thresholds_initial()
        )
    assert "add up to 1" in str(exc.value)
    assert UniversitySettings.objects.get().admission_weight == Decimal("0.60")


def test_broken_scale_is_refused_and_nothing_is_saved(users):
    services.settings_ensure_defaults(academic_year=2026)
    scale = scale_initial()
    d = next(r for r in scale if r["letter"] == "D")
    d["min_percent"] = 52  # leaves 50–51 uncovered
    values = _current_values() | {"exam_weight": Decimal("0.40"), "registration_max_credits": 40}
    with pytest.raises(DomainError) as exc:
        services.settings_update(
            actor=users["registrar_head"], values=values, scale=scale, thresholds=thresholds_initial()
        )
    assert any("50–51" in e for e in exc.value.errors)
    assert GradeScaleRow.objects.get(letter="D").min_percent == 50
    assert UniversitySettings.objects.get().registration_max_credits == 39


def test_moving_a_boundary_changes_two_rows_at_once(users):
    services.settings_ensure_defaults(academic_year=2026)
    scale = scale_initial()
    for row in scale:
        if row["letter"] == "FX":
            row["min_percent"] = 30
        if row["letter"] == "F":
            row["max_percent"] = 29
    services.settings_update(
        actor=users["registrar_head"], values=_current_values(), scale=scale, thresholds=thresholds_initial()
    )
    assert GradeScaleRow.objects.get(letter="FX").min_percent == 30
    assert GradeScaleRow.objects.get(letter="F").max_percent == 29
    assert GradeScaleRow.history.filter(letter="FX").first().history_user == users["registrar_head"]


def test_thresholds_for_a_new_year_are_added_and_removed_rows_deleted(users):
    services.settings_ensure_defaults(academic_year=2026)
    thresholds = [t for t in thresholds_initial() if t["level"] == StudyLevel.BACHELOR]
    thresholds.append(
        {"academic_year": 2027, "level": StudyLevel.BACHELOR, "year_of_study": 1, "min_gpa": Decimal("1.90")}
    )
    services.settings_update(
        actor=users["registrar_head"], values=_current_values(), scale=scale_initial(), thresholds=thresholds
    )
    assert selectors.promotion_threshold(2027, StudyLevel.BACHELOR, 1) == Decimal("1.90")
    assert selectors.promotion_threshold(2026, StudyLevel.MASTER, 1) is None


def test_honours_letter_must_belong_to_the_scale(users):
    services.settings_ensure_defaults(academic_year=2026)
    values = _current_values() | {"honours_lowest_letter": "Z"}
    with pytest.raises(DomainError):
        services.settings_update(
            actor=users["registrar_head"], values=values, scale=scale_initial(), thresholds=thresholds_initial()
        )


def test_settings_page_saves_through_the_form(users, client_for):
    services.settings_ensure_defaults(academic_year=2026)
    client = client_for("registrar_head")
    page = client.get("/settings/edit/")
    assert page.status_code == 200
    form = page.context["form"]
    data = {
        name: ("on" if value is True else "" if value is False else value)
        for name, value in form.initial.items()
        if name in form.fields
    }
    data = {k: v for k, v in data.items() if v != ""}
    data["max_exam_retakes"] = 3
    for prefix, rows in (("scale", scale_initial()), ("thr", thresholds_initial())):
        data[f"{prefix}-TOTAL_FORMS"] = len(rows)
        data[f"{prefix}-INITIAL_FORMS"] = len(rows)
        for i, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{i}-{key}"] = value
    response = client.post("/settings/edit/", data)
    assert response.status_code == 302, response.context and response.context.get("errors")
    assert UniversitySettings.objects.get().max_exam_retakes == 3


def test_settings_page_shows_every_error_and_saves_nothing(users, client_for):
    services.settings_ensure_defaults(academic_year=2026)
    client = client_for("registrar_head")
    form = client.get("/settings/edit/").context["form"]
    data = {name: value for name, value in form.initial.items() if name in form.fields and value not in (True, False)}
    data["exam_weight"] = "0.50"
    rows = scale_initial()
    rows[0]["min_percent"] = 96
    data.update(
        {"scale-TOTAL_FORMS": len(rows), "scale-INITIAL_FORMS": len(rows), "thr-TOTAL_FORMS": 0, "thr-INITIAL_FORMS": 0}
    )
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"scale-{i}-{key}"] = value
    response = client.post("/settings/edit/", data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Nothing was saved" in text
    assert "add up to 1" in text and "95–95" in text
    assert UniversitySettings.objects.get().exam_weight == Decimal("0.40")
