"""Menu entries of the sections pages (called from ready())."""

from django.utils.translation import gettext_lazy as _

from registrar import navigation

REGISTRATION = _("Course registration")


def setup():
    navigation.add(
        navigation.NavItem(_("Sections"), "section_list", "section.view", section=REGISTRATION, order=420),
        navigation.NavItem(
            _("Open sections for a term"),
            "sections_open_for_term",
            "registration.manage",
            section=REGISTRATION,
            order=421,
        ),
        navigation.NavItem(
            _("Formation of sections"), "section_formation", "registration.manage", section=REGISTRATION, order=422
        ),
        navigation.NavItem(_("Teaching load"), "teacher_load", "section.view", section=REGISTRATION, order=425),
    )
