"""GPA in templates of earlier apps (the adviser's review page of a study plan):

{% load gpa_tags %}{% gpa_summary student as gpa %} … {{ gpa|term_gpa:term_id }} {{ gpa.gpa }}
"""

from django import template

from grading.selectors_gpa import student_gpa_summary

register = template.Library()


@register.simple_tag
def gpa_summary(student):
    """grading.selectors_gpa.student_gpa_summary (one query)."""
    return student_gpa_summary(student)


@register.filter
def term_gpa(summary, term_id):
    value = summary.term_gpa(term_id) if summary is not None else None
    return "—" if value is None else value
