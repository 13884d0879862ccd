"""Factories of the calendar: an academic year 1 Sep – 31 Aug with autumn and spring terms."""

import datetime

import factory

from academics.choices import PeriodKind, TermKind
from academics.models import AcademicYear, CalendarPeriod, Term


class AcademicYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AcademicYear
        django_get_or_create = ("start_year",)

    start_year = factory.Sequence(lambda n: 2030 + n)
    starts_on = factory.LazyAttribute(lambda o: datetime.date(o.start_year, 9, 1))
    ends_on = factory.LazyAttribute(lambda o: datetime.date(o.start_year + 1, 8, 31))


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ("academic_year", "kind")

    academic_year = factory.SubFactory(AcademicYearFactory)
    kind = TermKind.AUTUMN
    starts_on = factory.LazyAttribute(lambda o: TERM_DATES[o.kind](o.academic_year.start_year)[0])
    ends_on = factory.LazyAttribute(lambda o: TERM_DATES[o.kind](o.academic_year.start_year)[1])


TERM_DATES = {
    TermKind.AUTUMN: lambda y: (datetime.date(y, 9, 1), datetime.date(y + 1, 1, 10)),
    TermKind.SPRING: lambda y: (datetime.date(y + 1, 1, 19), datetime.date(y + 1, 6, 10)),
    TermKind.SUMMER: lambda y: (datetime.date(y + 1, 6, 15), datetime.date(y + 1, 7, 31)),
}


class CalendarPeriodFactory(factory.django.DjangoModelFactory):
    """A classes period of the autumn term by default."""

    class Meta:
        model = CalendarPeriod

    term = factory.SubFactory(TermFactory)
    academic_year = factory.LazyAttribute(lambda o: o.term.academic_year if o.term else AcademicYearFactory())
    kind = PeriodKind.CLASSES
    starts_on = factory.LazyAttribute(lambda o: o.term.starts_on if o.term else o.academic_year.starts_on)
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=6))
    study_form = ""
    year_of_study = None
    name = ""


def year_with_terms(start_year: int = 2030, summer: bool = False) -> AcademicYear:
    year = AcademicYearFactory(start_year=start_year)
    TermFactory(academic_year=year, kind=TermKind.AUTUMN)
    TermFactory(academic_year=year, kind=TermKind.SPRING)
    if summer:
        TermFactory(academic_year=year, kind=TermKind.SUMMER)
    return year
