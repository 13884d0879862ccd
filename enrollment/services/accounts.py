"""Logins and initial passwords in bulk (issue 4: "generate logins and passwords for students,
teachers and staff").

Students of a signed enrolment order who have no account get one: a login from their Latin name
(enrollment.logins), the student role and a random password. Teachers and staff already have
accounts; the office gives selected ones a new initial password. Either way the password is
random (registrar.services.generate_password), stored only as a hash, must be changed at the first
login, and is returned to the caller exactly once: the view turns it into the response (PDF slips
or xlsx) and nothing else keeps it. Each account created or changed is audited.
"""

import operator
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import reduce

from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history

from registrar.errors import DomainError
from registrar.models import User
from registrar.policy import may, require
from registrar.roles import Role
from registrar.services import generate_password

from ..logins import login_base, unique_login
from ..models import Student

STUDENT_ACTION = "student.manage"
STAFF_ACTION = "user.reset_password"

# Generated passwords are 12 random characters from 55 (about 69 bits) and live only until the
# first login, when the person must replace them; a brute force of 2^69 guesses is out of reach
# at any iteration count, so they are hashed with fewer PBKDF2 iterations than chosen passwords.
# That keeps a list of 2,000 students to seconds instead of a quarter of an hour. Django re-hashes
# with the full count at the first successful login (PBKDF2PasswordHasher.must_update).
TEMPORARY_PASSWORD_ITERATIONS = 20_000


@dataclass(frozen=True)
class Credential:
    """What one slip says: who, the login and the password (in memory only, never saved)."""

    full_name: str
    username: str
    password: str
    role: str
    detail: str = ""  # programme and group of a student, department of a teacher


def _hash(password: str) -> str:
    hasher = get_hasher("default")
    if isinstance(hasher, PBKDF2PasswordHasher):
        return hasher.encode(password, hasher.salt(), iterations=min(hasher.iterations, TEMPORARY_PASSWORD_ITERATIONS))
    return hasher.encode(password, hasher.salt())


def _hash_all(passwords: list[str]) -> list[str]:
    # hashlib's PBKDF2 releases the GIL: threads use every core.
    if len(passwords) < 8:
        return [_hash(p) for p in passwords]
    with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
        return list(pool.map(_hash, passwords))


def _taken_logins(bases: set[str]) -> set[str]:
    """Lower-case usernames starting with any of `bases` (the only ones that can collide)."""
    taken: set[str] = set()
    bases = sorted(bases)
    for i in range(0, len(bases), 200):
        condition = reduce(operator.or_, (Q(username__istartswith=b) for b in bases[i : i + 200]))
        taken.update(u.lower() for u in User.objects.filter(condition).values_list("username", flat=True))
    return taken


def students_without_account(order=None):
    """Students without an account: of one order (orders checks it is a signed enrolment), or all."""
    qs = Student.objects.filter(user__isnull=True).select_related("programme", "group")
    if order is not None:
        qs = qs.filter(order_items__order=order)
    return qs.order_by("group__name", "last_name", "first_name", "patronymic", "pk")


def accounts_generate_for_students(*, actor, students) -> list[Credential]:
    """Create an account for each student who has none; returns the credentials to hand out once.

    A login is the Latin initial and surname, numbered when taken; the student role is given; the
    Student is linked to the account. Students who meanwhile got an account are skipped.
    """
    require(actor, STUDENT_ACTION)
    with transaction.atomic():
        ids = [s.pk for s in students]
        locked = list(
            Student.objects.select_for_update(of=("self",))
            .filter(pk__in=ids, user__isnull=True)
            .select_related("programme", "group")
            .order_by("group__name", "last_name", "first_name", "patronymic", "pk")
        )
        if not locked:
            return []
        bases = [
            login_base(
                first_name=s.first_name,
                last_name=s.last_name,
                first_name_latin=s.first_name_latin,
                last_name_latin=s.last_name_latin,
            )
            for s in locked
        ]
        taken = _taken_logins(set(bases))
        passwords = [generate_password() for _s in locked]
        hashes = _hash_all(passwords)
        users = []
        for student, base, hashed in zip(locked, bases, hashes, strict=True):
            username = unique_login(base, taken)
            taken.add(username.lower())
            users.append(
                User(
                    username=username,
                    last_name=student.last_name,
                    first_name=student.first_name,
                    patronymic=student.patronymic,
                    email=student.email,
                    password=hashed,
                    must_change_password=True,
                    language=student.language,
                )
            )
        bulk_create_with_history(
            users, User, batch_size=500, default_user=actor, default_change_reason=gettext_noop("account generated")
        )
        created = {u.username: u.pk for u in User.objects.filter(username__in=[u.username for u in users])}
        group = Group.objects.get(name=Role.STUDENT)
        Through = User.groups.through
        Through.objects.bulk_create([Through(user_id=created[u.username], group_id=group.pk) for u in users])
        for student, user in zip(locked, users, strict=True):
            # Not a tracked field of the student's status: a plain update, no status history.
            Student.objects.filter(pk=student.pk).update(user_id=created[user.username])
    return [
        Credential(
            full_name=s.full_name,
            username=u.username,
            password=p,
            role=str(Role.STUDENT.label),
            detail=" · ".join(x for x in (s.programme.code, s.group.name if s.group else "") if x),
        )
        for s, u, p in zip(locked, users, passwords, strict=True)
    ]


def staff_accounts_selectable(actor):
    """Accounts the actor may give a new initial password: not students, not the actor, by the reset rule."""
    return (
        User.objects.filter(is_active=True)
        .exclude(pk=actor.pk)
        .exclude(groups__name=Role.STUDENT)
        .prefetch_related("groups")
        .select_related("teacher__department")
        .order_by(Lower("last_name"), Lower("first_name"), "username")
    )


def accounts_reissue(*, actor, users) -> list[Credential]:
    """A new initial password for each selected existing account (teachers, staff).

    Every account must be one the actor may reset (registrar.policies "user.reset_password": office
    staff accounts only by the head or an administrator); otherwise nothing is changed and every
    refused account is named.
    """
    require(actor, STAFF_ACTION)
    users = list(users)
    if not users:
        raise DomainError(_("Select at least one account."))
    refused = [u for u in users if not may(actor, STAFF_ACTION, u)]
    if refused:
        names = ", ".join(f"{u.full_name or u.username} ({u.username})" for u in refused)
        raise DomainError(
            _("You may not give a new password to: %(names)s.") % {"names": names},
            errors=[_("You may not give a new password to %(name)s.") % {"name": u.username} for u in refused],
        )
    passwords = [generate_password() for _u in users]
    hashes = _hash_all(passwords)
    with transaction.atomic():
        for user, hashed in zip(users, hashes, strict=True):
            user.password = hashed
            user.must_change_password = True
            user._history_user = actor
            user._change_reason = gettext_noop("initial password generated")
            user.save(update_fields=["password", "must_change_password"])
    return [
        Credential(
            full_name=u.full_name or u.username,
            username=u.username,
            password=p,
            role=", ".join(u.role_labels()),
            detail=_staff_detail(u),
        )
        for u, p in zip(users, passwords, strict=True)
    ]


def _staff_detail(user) -> str:
    teacher = getattr(user, "teacher", None)  # the reverse one-to-one raises AttributeError when absent
    return teacher.department.name if teacher is not None else ""
