from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Orders on the student body")

    def ready(self):
        from . import policies, setup  # noqa: F401

        setup.setup()
