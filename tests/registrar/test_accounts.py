"""Login, forced password change, reset by the registrar, lockout, remembered language."""

from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from openpyxl import load_workbook

from registrar import services
from registrar.models import User

pytestmark = pytest.mark.django_db


def test_registrar_resets_a_students_password_and_the_student_must_change_it(users, client_for):
    response = client_for("registrar").post(f"/users/{users['student'].pk}/reset-password/")
    assert response.status_code == 200
    password = response.context["password"]
    student = User.objects.get(pk=users["student"].pk)
    assert student.must_change_password and student.check_password(password)

    client = Client()
    assert client.post("/login/", {"username": "student", "password": password}).status_code == 302
    # Every page leads to the password form until a new password is chosen.
    for url in ("/", "/account/", "/settings/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/password/", url
    response = client.post(
        "/password/", {"old_password": password, "new_password1": "Qaz-Ұлт-2026!", "new_password2": "Qaz-Ұлт-2026!"}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert not User.objects.get(pk=student.pk).must_change_password


def test_password_reset_is_audited_with_its_author(users):
    services.user_reset_password(actor=users["registrar"], user=users["student"])
    last = users["student"].history.first()
    assert last.history_user == users["registrar"]
    assert last.history_change_reason == "password reset"


def test_forced_change_refuses_a_weak_or_same_password(users):
    password = services.user_reset_password(actor=users["registrar"], user=users["teacher"])
    client = Client()
    client.post("/login/", {"username": "teacher", "password": password})
    response = client.post(
        "/password/", {"old_password": password, "new_password1": "12345678", "new_password2": "12345678"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_password1"]
    response = client.post(
        "/password/", {"old_password": password, "new_password1": password, "new_password2": password}
    )
    assert "must differ" in response.content.decode()
    assert User.objects.get(pk=users["teacher"].pk).must_change_password


def test_registrar_cannot_reset_the_heads_password_but_the_head_can_reset_the_registrars(users):
    with pytest.raises(PermissionDenied):
        services.user_reset_password(actor=users["registrar"], user=users["registrar_head"])
    services.user_reset_password(actor=users["registrar_head"], user=users["registrar"])


def test_nobody_but_the_office_resets_passwords(users):
    for role in ("teacher", "adviser", "student", "dean_office"):
        with pytest.raises(PermissionDenied):
            services.user_reset_password(actor=users[role], user=users["another_student"])


def test_office_cannot_reset_its_own_password_this_way(users):
    with pytest.raises(PermissionDenied):
        services.user_reset_password(actor=users["registrar"], user=users["registrar"])


def test_repeated_failed_logins_lock_the_account_with_a_clear_message(users, settings):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "student", "password": "wrong"})
    response = client.post("/login/", {"username": "student", "password": "secret-pass-123"})
    assert response.status_code == 429
    assert "locked" in response.content.decode()
    # Locked even with the right password, and from another address as long as the username is the same.
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert other.post("/login/", {"username": "student", "password": "secret-pass-123"}).status_code == 429


def test_wrong_password_names_the_problem(users):
    response = Client(HTTP_ACCEPT_LANGUAGE="en").post("/login/", {"username": "student", "password": "nope"})
    assert response.status_code == 200
    assert "Wrong username or password" in response.content.decode()


def test_language_choice_is_remembered_on_the_account(users, client_for):
    client = client_for("student")
    response = client.post("/language/", {"language": "kk", "next": "/account/"})
    assert response.status_code == 302 and response["Location"] == "/account/"
    assert User.objects.get(pk=users["student"].pk).language == "kk"
    fresh = client_for("student")  # a new browser: no cookie, the account decides
    assert fresh.get("/").context["LANGUAGE_CODE"] == "kk"


def test_language_switch_refuses_foreign_redirects(client_for):
    response = client_for("student").post("/language/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_anonymous_language_switch_sets_a_cookie(client):
    response = client.post("/language/", {"language": "en", "next": "/login/"})
    assert response.cookies["registrar_language"].value == "en"
    assert client.get("/login/").context["LANGUAGE_CODE"] == "en"


def test_russian_is_the_default_language(client):
    assert client.get("/login/").context["LANGUAGE_CODE"] == "ru"


def test_user_list_searches_filters_and_exports_xlsx(users, client_for, django_assert_max_num_queries):
    client = client_for("registrar")
    with django_assert_max_num_queries(12):
        response = client.get("/users/", {"role": "student"})
    names = {row.record.username for row in response.context["table"].page.object_list}
    assert names == {"student", "another_student"}
    response = client.get("/users/", {"q": "another_st"})
    assert {r.record.username for r in response.context["table"].page.object_list} == {"another_student"}
    response = client.get("/users/", {"role": "teacher", "export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] in ("username", "имя пользователя")  # the header follows the user's language
    assert {r[0] for r in rows[1:]} == {"teacher", "another_teacher", "adviser", "another_adviser"}
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref


def test_user_list_query_count_does_not_grow_with_users(users, client_for, django_assert_max_num_queries, role_groups):
    for i in range(40):
        u = User.objects.create_user(username=f"bulk{i}", password="x")
        u.groups.add(role_groups["student"])
    client = client_for("registrar")
    with django_assert_max_num_queries(12):
        client.get("/users/")


def test_dashboard_queries_are_bounded(users, client_for, django_assert_max_num_queries):
    services.settings_ensure_defaults()
    for role in ("registrar", "student", "teacher", "administrator"):
        client = client_for(role)
        # The sum of every app's panels (each runs a fixed number of queries whatever the data).
        with django_assert_max_num_queries(35):
            response = client.get("/")
        assert response.status_code == 200


def test_office_dashboard_shows_real_user_counts(users, client_for):
    text = client_for("registrar").get("/").content.decode()
    assert 'id="panel-users"' in text
    assert f'id="users-active">{User.objects.filter(is_active=True).count()}<' in text
    assert 'id="panel-users"' not in client_for("student").get("/").content.decode()


def test_menu_shows_only_what_the_role_may_use(users, client_for):
    assert "/users/" in client_for("registrar").get("/").content.decode()
    student_page = client_for("student").get("/").content.decode()
    assert "/users/" not in student_page and "/settings/" not in student_page


def test_user_detail_shows_history_to_the_office_only(users, client_for):
    services.user_reset_password(actor=users["registrar"], user=users["student"])
    assert 'id="history-panel"' in client_for("registrar").get(f"/users/{users['student'].pk}/").content.decode()
    users["student"].must_change_password = False
    users["student"].save()
    own = client_for("student").get(f"/users/{users['student'].pk}/")
    assert own.status_code == 200 and 'id="history-panel"' not in own.content.decode()
    assert client_for("student").get(f"/users/{users['another_student'].pk}/").status_code == 403


def test_recent_changes_name_the_object_and_the_author(users, client_for):
    services.user_reset_password(actor=users["registrar"], user=users["student"])
    from registrar.selectors import recent_changes

    latest = recent_changes(limit=5)[0]
    assert latest["object"] == users["student"].full_name
    assert latest["user"] == users["registrar"]
    assert latest["reason"] == "password reset"


def test_login_errors_speak_russian_by_default_and_kazakh_on_request(client):
    text = client.post("/login/", {"username": "x", "password": "y"}).content.decode()
    assert "Неверное имя пользователя или пароль" in text
    kk = Client(HTTP_ACCEPT_LANGUAGE="kk").post("/login/", {"username": "x", "password": "y"}).content.decode()
    assert 'lang="kk"' in kk and "Пайдаланушы аты немесе құпиясөз қате" in kk


def test_history_shows_many_to_many_changes_by_name(users):
    from academics.models import Department, Discipline, Faculty
    from registrar.selectors import object_history

    faculty = Faculty.objects.create(code="F1", name_kk="Ф", name_ru="Ф", name_en="F")
    dept = Department.objects.create(code="D1", name_kk="К", name_ru="К", name_en="D", faculty=faculty)
    common = {"credits": 5, "cycle": "BD", "component": "OK", "department": dept, "hours_self": 150}
    base = Discipline.objects.create(
        code="MAT101", name_kk="Математика", name_ru="Математика", name_en="Maths", **common
    )
    later = Discipline.objects.create(code="MAT201", name_kk="Талдау", name_ru="Анализ", name_en="Analysis", **common)
    later.prerequisites.add(base)
    later.save()
    changes = [c for e in object_history(later) for c in e["changes"]]
    assert any("MAT101" in (c["new"] or "") for c in changes), changes
