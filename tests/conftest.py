"""Shared fixtures: one user per role plus "another" adviser, teacher and student for access tests."""

import os

import pytest
from django.contrib.auth.models import Group

from registrar.roles import Role, sync_role_groups

ROLE_USERS = {
    "registrar": [Role.REGISTRAR],
    "registrar_head": [Role.REGISTRAR_HEAD],
    "dean_office": [Role.DEAN_OFFICE],
    "adviser": [Role.ADVISER, Role.TEACHER],
    "another_adviser": [Role.ADVISER, Role.TEACHER],
    "teacher": [Role.TEACHER],
    "another_teacher": [Role.TEACHER],
    "student": [Role.STUDENT],
    "another_student": [Role.STUDENT],
    "administrator": [Role.ADMINISTRATOR],
}


def uses_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://", "pgsql://"))


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_messages():
    """Assertions on messages read English; tests of translations switch explicitly."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _clear_settings_cache():
    from enrollment.services.registration_cache import forget
    from registrar.selectors import forget_university_settings
    from scheduling.registration import forget as forget_timetables

    forget_university_settings()
    forget()
    forget_timetables()
    yield
    forget_university_settings()
    forget()
    forget_timetables()


@pytest.fixture
def role_groups(db):
    sync_role_groups()
    return {g.name: g for g in Group.objects.all()}


def make_user(username, roles, groups, **extra):
    from registrar.models import User

    user = User.objects.create_user(
        username=username,
        password="secret-pass-123",
        last_name=extra.pop("last_name", username.capitalize()),
        first_name=extra.pop("first_name", "Test"),
        is_staff=Role.ADMINISTRATOR in roles or extra.pop("is_staff", False),
        is_superuser=Role.ADMINISTRATOR in roles,
        language=extra.pop("language", "en"),  # pages in English, so assertions read English text
        **extra,
    )
    user.groups.set([groups[r] for r in roles])
    return user


@pytest.fixture
def users(role_groups):
    """{fixture name: User} for every entry of ROLE_USERS; password 'secret-pass-123'."""
    return {name: make_user(name, roles, role_groups) for name, roles in ROLE_USERS.items()}


@pytest.fixture
def client_for(client, users):
    """client_for('registrar') -> a test client logged in as that user (None -> anonymous)."""
    from django.test import Client

    def _client(name):
        c = Client()
        if name is not None:
            users[name].refresh_from_db()  # a reset password changes the session hash
            c.force_login(users[name])
        return c

    return _client
