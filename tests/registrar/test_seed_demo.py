"""seed_demo: deterministic, idempotent, one login per role."""

from io import StringIO

import pytest
from django.core.management import call_command

from registrar.models import User
from registrar.roles import Role

pytestmark = pytest.mark.django_db(transaction=False)


def _seed(**kwargs):
    out = StringIO()
    call_command("seed_demo", stdout=out, **kwargs)
    return out.getvalue()


def test_demo_has_a_login_for_every_role_and_prints_them():
    out = _seed(students=5)
    for role in Role:
        assert User.objects.filter(groups__name=role.value).exists(), role
        assert str(role.label) in out
    assert "demo12345" in out


def test_seed_is_idempotent_and_deterministic():
    _seed(students=30, seed=7)
    first = list(User.objects.order_by("username").values_list("username", "last_name", "first_name", "patronymic"))
    _seed(students=30, seed=7)
    second = list(User.objects.order_by("username").values_list("username", "last_name", "first_name", "patronymic"))
    assert first == second


def test_demo_names_use_kazakh_letters():
    _seed(students=50)
    text = " ".join(User.objects.values_list("last_name", flat=True)) + " ".join(
        User.objects.values_list("first_name", flat=True)
    )
    assert set("әғқңөұүі") & set(text.lower())


def test_if_empty_keeps_existing_data():
    _seed(students=3)
    User.objects.filter(username="student").update(last_name="Changed")
    out = _seed(students=3, if_empty=True)
    assert "left as it is" in out
    assert User.objects.get(username="student").last_name == "Changed"
