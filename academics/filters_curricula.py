"""Search and filters of the curriculum list and of the elective catalogue."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .choices import CurriculumStatus, Language, StudyForm
from .models import Curriculum, ElectiveBlock, Programme
from .selectors_curricula import matches_any


def _programmes(request):
    return Programme.objects.order_by("code")


def _words(value) -> list[str]:
    return value.split()


class CurriculumFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    programme = django_filters.ModelChoiceFilter(label=_("Educational programme"), queryset=_programmes)
    intake_year = django_filters.NumberFilter(label=_("Intake year"))
    study_form = django_filters.ChoiceFilter(label=_("Study form"), choices=StudyForm.choices)
    language = django_filters.ChoiceFilter(label=_("Language of instruction"), choices=Language.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CurriculumStatus.choices)

    class Meta:
        model = Curriculum
        fields = ["q", "programme", "intake_year", "study_form", "language", "status"]

    def search(self, queryset, name, value):
        for word in _words(value):
            queryset = queryset.filter(
                matches_any(["programme__code", "programme__name_kk", "programme__name_ru", "programme__name_en"], word)
            )
        return queryset


class ElectiveCatalogueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    programme = django_filters.ModelChoiceFilter(
        label=_("Educational programme"), field_name="curriculum__programme", queryset=_programmes
    )
    intake_year = django_filters.NumberFilter(label=_("Intake year"), field_name="curriculum__intake_year")
    study_form = django_filters.ChoiceFilter(
        label=_("Study form"), field_name="curriculum__study_form", choices=StudyForm.choices
    )
    language = django_filters.ChoiceFilter(
        label=_("Language of instruction"), field_name="curriculum__language", choices=Language.choices
    )
    term = django_filters.NumberFilter(label=_("Term"), field_name="term")

    class Meta:
        model = ElectiveBlock
        fields = ["q", "programme", "intake_year", "study_form", "language", "term"]

    def search(self, queryset, name, value):
        """A block matches by its own code or name, or by the code or a name of one of its alternatives."""
        fields = ["code", "name", "items__discipline__code"]
        fields += [f"items__discipline__name_{lang}" for lang in ("kk", "ru", "en")]
        for word in _words(value):
            queryset = queryset.filter(pk__in=ElectiveBlock.objects.filter(matches_any(fields, word)).values("pk"))
        return queryset
