import django_filters
from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import User
from .roles import Role


class UserFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    role = django_filters.ChoiceFilter(label=_("Role"), choices=Role.choices, method="by_role")
    is_active = django_filters.BooleanFilter(label=_("active"))
    must_change_password = django_filters.BooleanFilter(label=_("must change password"))

    class Meta:
        model = User
        fields = ["q", "role", "is_active", "must_change_password"]

    def search(self, queryset, name, value):
        q = Q()
        for word in value.split():
            q &= (
                Q(username__icontains=word)
                | Q(last_name__icontains=word)
                | Q(first_name__icontains=word)
                | Q(patronymic__icontains=word)
                | Q(email__icontains=word)
            )
        return queryset.filter(q)

    def by_role(self, queryset, name, value):
        return queryset.filter(groups__in=Group.objects.filter(name=value)).distinct()
