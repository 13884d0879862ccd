import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import User


class UserTable(tables.Table):
    username = tables.LinkColumn("user_detail", args=[tables.A("pk")], verbose_name=_("username"))
    full_name = tables.Column(
        verbose_name=_("full name"), order_by=("last_name", "first_name", "patronymic"), accessor="full_name"
    )
    roles = tables.Column(verbose_name=_("roles"), accessor="pk", orderable=False)
    is_active = tables.BooleanColumn(verbose_name=_("active"))
    must_change_password = tables.BooleanColumn(verbose_name=_("must change password"))
    last_login = tables.DateTimeColumn(verbose_name=_("last login"), format="d.m.Y H:i")

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "roles", "is_active", "must_change_password", "last_login"]
        order_by = ("last_name", "first_name")

    def render_roles(self, record):
        return ", ".join(record.role_labels())

    def value_roles(self, record):
        return ", ".join(record.role_labels())
