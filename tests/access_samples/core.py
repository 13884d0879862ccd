"""Samples for the core (registrar) URLs with arguments."""

OFFICE = {"registrar", "registrar_head", "administrator"}


def _student(users):
    return {"pk": users["student"].pk}


def _registrar(users):
    return {"pk": users["registrar"].pk}


SAMPLES = {
    # A student's account page: the office and the student themself, nobody else.
    "user_detail": (_student, OFFICE | {"student"}),
    # Resetting a student's password: the office only (POST-only view: allowed roles get 405 on GET).
    "user_reset_password": (_student, OFFICE),
}

# Extra cases for the same URL name with another object: (name, factory, allowed roles).
EXTRA = [
    # A registrar's account is visible to the office; only the head and administrators reset it.
    ("user_detail", _registrar, OFFICE),
    ("user_reset_password", _registrar, {"registrar_head", "administrator"}),
]
