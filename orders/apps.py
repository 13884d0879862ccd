from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Orders on the student body")

    def ready(self):
        from . import policies, setup, setup_admissions  # noqa: F401

        setup.setup()
        # Admission lists and account slips for enrolment orders; the demo student body is
        # built through real signed orders. They live here because they use orders, and
        # enrollment (an earlier app) may not import from orders (DESIGN.md).
        setup_admissions.setup()
