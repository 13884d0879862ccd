import pytest
from django.db import connection

from registrar.models import User
from registrar.sqlite import _like

pytestmark = pytest.mark.django_db


def test_like_is_unicode_case_insensitive():
    assert _like("%алгеб%", "Алгебра")
    assert _like("%ӘЛІ%", "Әлиева Әлі")
    assert not _like("%алгеб%", "Геометрия")
    assert _like("a\\%b", "a%b", "\\") and not _like("a\\%b", "axb", "\\")
    assert _like("a_c", "abc") and not _like("a_c", "abbc")


def test_icontains_finds_cyrillic_in_any_case():
    User.objects.create_user(username="u1", last_name="Әлиева")
    User.objects.create_user(username="u2", last_name="Смирнова")
    assert set(User.objects.filter(last_name__icontains="әли").values_list("username", flat=True)) == {"u1"}
    assert set(User.objects.filter(last_name__icontains="СМИР").values_list("username", flat=True)) == {"u2"}
    assert connection.vendor in ("sqlite", "postgresql")
