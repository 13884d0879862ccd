from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "scheduling"
    verbose_name = _("Scheduling")

    def ready(self):
        from registrar import navigation
        from registrar.demo import register_seeder

        from . import policies  # noqa: F401  (registers the rules)
        from .demo import DEMO_ORDER, seed_timetable

        section = _("Timetable")
        navigation.add(
            navigation.NavItem(_("My timetable"), "timetable_my", "timetable.own", section="", order=125),
            navigation.NavItem(_("Timetable versions"), "timetable_versions", "timetable.manage", section=section,
                               order=700),
            navigation.NavItem(_("Timetable by group"), "timetable_group", "timetable.view", section=section,
                               order=705),
            navigation.NavItem(_("Timetable by teacher"), "timetable_teacher", "timetable.view", section=section,
                               order=706),
            navigation.NavItem(_("Timetable by room"), "timetable_room", "timetable.view", section=section,
                               order=707),
            navigation.NavItem(_("Rooms"), "room_list", "timetable.manage", section=section, order=710),
            navigation.NavItem(_("Time grid"), "time_grid", "timetable.manage", section=section, order=715),
            navigation.NavItem(_("Teachers' unavailable times"), "unavailability_list", "timetable.manage",
                               section=section, order=720),
            navigation.NavItem(_("Rooms' unavailable times"), "room_unavailability_list", "timetable.manage",
                               section=section, order=721),
            navigation.NavItem(_("Final attestation"), "attestation_list", "attestation.list", section=section,
                               order=740),
            navigation.NavItem(_("My final attestation"), "attestation_my", "attestation.own", section="",
                               order=127),
            navigation.NavItem(_("My exams"), "exams_my", "exams.own", section="", order=126),
            navigation.NavItem(_("Exam schedule versions"), "exam_versions", "exams.manage", section=section,
                               order=730),
            navigation.NavItem(_("Exams by group"), "exams_group", "exams.view", section=section, order=735),
            navigation.NavItem(_("Exams by teacher"), "exams_teacher", "exams.view", section=section, order=736),
        )  # fmt: skip
        register_seeder(DEMO_ORDER, "timetable", seed_timetable)
        from .demo_attestation import DEMO_ORDER as ATTESTATION_ORDER
        from .demo_attestation import seed_attestation

        register_seeder(ATTESTATION_ORDER, "final attestation", seed_attestation)

        from django.db.models.signals import post_save

        from enrollment.registration_checks import register_check, register_section_check

        from .models import TimetableVersion
        from .registration import forget, plan_clash_problems, section_clash_problems

        register_section_check(section_clash_problems)
        register_check(plan_clash_problems)
        post_save.connect(lambda **kw: forget(), sender=TimetableVersion, dispatch_uid="timetable-version-forget")
