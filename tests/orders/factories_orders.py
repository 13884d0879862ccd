"""Factories of the orders tests, on top of the student file's (tests/enrollment/factories_students.py).

- `applicant(**overrides)`: the params of one enrolment item (valid IIN, birth date and sex agree).
- `draft(order_type, actor=..., students=[...], params=..., items=[params, ...])`: a draft order.
- `signed(...)`: the same, signed by a head through `order_sign`.
- `head_user()`, `registrar_user()`: users with those roles (for tests without the `users` fixture).
"""

import datetime

from orders import services
from orders.choices import OrderType
from registrar.roles import Role
from tests.enrollment.factories_students import (
    AcademicGroupFactory,
    ProgrammeFactory,
    StudentFactory,
    TeacherFactory,
    UserFactory,
    next_iin,
)

ORDER_DATE = datetime.date(2025, 8, 25)
EFFECTIVE_ON = datetime.date(2025, 9, 1)


def head_user():
    return UserFactory(username="orders-head", roles=[Role.REGISTRAR_HEAD])


def registrar_user():
    return UserFactory(username="orders-registrar", roles=[Role.REGISTRAR])


def applicant(to=None, **overrides) -> dict:
    """Params of one enrolment item: a Kazakh applicant to the programme `to` (a new one if None)."""
    iin, born, sex = next_iin()
    programme = to or ProgrammeFactory()
    params = {
        "last_name": "Төлеуова" if sex == "F" else "Төлеуов",
        "first_name": "Әсел" if sex == "F" else "Ұлан",
        "patronymic": "Қайратұлы",
        "last_name_latin": "Toleuov",
        "first_name_latin": "Ulan",
        "iin": iin,
        "birth_date": born.isoformat(),
        "sex": sex,
        "programme": programme.code,
        "study_form": "full_time",
        "language": "ru",
        "funding": "grant",
    }
    params.update(overrides)
    return params


def draft(
    order_type,
    *,
    actor=None,
    students=(),
    items=(),
    params=None,
    order_date=ORDER_DATE,
    effective_on=EFFECTIVE_ON,
    basis="Заявление обучающегося",
):
    """A draft with one item per student (params None) plus one item per dict in `items`."""
    actor = actor or registrar_user()
    order = services.order_create(
        actor=actor,
        order_type=order_type,
        order_date=order_date,
        effective_on=effective_on,
        basis=basis,
        params=params,
    )
    entries = [(s, None) for s in students]
    entries += [(item.pop("student", None), item) for item in (dict(i) for i in items)]
    if entries:
        services.order_items_add(actor=actor, order=order, entries=entries)
    return order


def signed(order_type, *, head=None, **kwargs):
    order = draft(order_type, **kwargs)
    return services.order_sign(actor=head or head_user(), order=order)


def enrolled_student(**kwargs):
    """An active first-year student on a 4-year programme with a group (intake 2025)."""
    programme = kwargs.pop("programme", None) or ProgrammeFactory()
    group = kwargs.pop("group", None) or AcademicGroupFactory(programme=programme, intake_year=2025)
    return StudentFactory(programme=programme, group=group, **kwargs)


__all__ = [
    "EFFECTIVE_ON",
    "ORDER_DATE",
    "AcademicGroupFactory",
    "OrderType",
    "ProgrammeFactory",
    "StudentFactory",
    "TeacherFactory",
    "applicant",
    "draft",
    "enrolled_student",
    "head_user",
    "registrar_user",
    "signed",
]
