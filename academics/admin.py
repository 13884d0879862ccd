# Admin of every academics model: structure here, the other parts in their own modules.
from . import admin_calendar, admin_curricula, admin_structure  # noqa: F401
