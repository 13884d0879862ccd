"""Registration day (issue 5): 200 students register for electives at once, through HTTP, against
gunicorn (4 sync workers) and PostgreSQL on loopback.

A generated university (tests/perf/rush_data.py: 5,000 students, 60 elective lecture sections, a
registration window open today, seats that run out during the rush). 200 simulated students
(tests/perf/rush_client.py: asyncio, one cookie jar and connection each) go through three phases
together, each phase starting when the previous one has ended for everyone:

1. login: GET /login/, POST the form with its CSRF token.
2. baseline (`Config.baseline_seconds`): GET /account/, a trivial logged-in page, again and again.
3. registration (`Config.registration_seconds`), with `Accept: application/json`: each student first
   takes a seat in each of their 3 elective blocks (POST plan_item_add with a discipline and a
   section; after 409 "section full" they read the message and try the sections it names as free,
   then their next choice), then changes their mind until the phase ends, as students do on
   registration day: moves to the other section of a discipline (plan_item_section), or drops an
   elective (plan_item_remove) and hunts a seat in another discipline of the block, or tries again
   for a block where everything was full.

Between two requests a student pauses for a think time drawn uniformly from `Config.think` (1–5 s,
Locust's customary `between(1, 5)`), in both phases alike. Throughputs are requests completed per
second of the phase, so `throughput_rps` (registration) and `baseline_rps` are what the server
sustained for the two kinds of request under the same 200 students; percentiles are over the
registration requests. Each phase also records the CPU spent per request by gunicorn and by the
bench database's backends, and how busy the machine was with other work (it has 2 shared cores):
the CPU per request is the figure that survives that noise.

After the run, SQL checks the seat invariants: no section above its capacity by its counter or by
its items (`overbooked_sections`); every seat the server confirmed (and did not later confirm moved
or dropped) present in the database where it was confirmed, plus every section's counter equal to
its items (`lost_registrations`).

Targets: overbooked_sections 0, lost_registrations 0, errors_5xx 0, throughput_rps ≥ ½ baseline_rps,
p95_ms < 300. The figures are written whether or not they are met; `targets_met` says which are.
RUSH_* environment variables change the `Config` (see `Config.from_env`), e.g. RUSH_THINK=0,0 for
back-to-back requests, RUSH_WORKER_CLASS=gthread RUSH_THREADS=4.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from dataclasses import dataclass, field

from . import rush_data
from .rush_client import Session, TransportError, login, percentile
from .rush_server import ROOT, Server, backend_cpu, gunicorn, gunicorn_cpu, machine_cpu, redis_cache_url


@dataclass(frozen=True)
class Config:
    students: int = 5000
    clients: int = 200
    workers: int = 4
    worker_class: str = "sync"
    threads: int = 1
    think: tuple[float, float] = (1.0, 5.0)  # a student's pause between two requests, uniform, seconds
    baseline_seconds: float = 30.0
    registration_seconds: float = 60.0

    @classmethod
    def from_env(cls) -> Config:
        env = os.environ.get
        d = cls()
        return cls(
            students=int(env("RUSH_STUDENTS", d.students)),
            clients=int(env("RUSH_CLIENTS", d.clients)),
            workers=int(env("RUSH_WORKERS", d.workers)),
            worker_class=env("RUSH_WORKER_CLASS", d.worker_class),
            threads=int(env("RUSH_THREADS", d.threads)),
            think=tuple(float(x) for x in env("RUSH_THINK", ",".join(map(str, d.think))).split(",")),
            baseline_seconds=float(env("RUSH_BASELINE_SECONDS", d.baseline_seconds)),
            registration_seconds=float(env("RUSH_REGISTRATION_SECONDS", d.registration_seconds)),
        )


LOGIN_SECONDS = 120  # a login phase that takes longer is cut off: the benchmark always stops by itself
GRACE_SECONDS = 70  # for requests still in flight when a phase's time is up (a client waits 60 s at most)
BASELINE_PATH = "/account/"
TARGET_P95_MS = 300
JSON = {"Accept": "application/json"}


@dataclass
class Tally:
    """What the clients saw in one phase."""

    latencies: list[float] = field(default_factory=list)
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[int, int] = field(default_factory=dict)
    transport_errors: int = 0
    samples: list[str] = field(default_factory=list)
    started: float = 0.0
    ended: float = 0.0
    cpu: dict = field(default_factory=dict)

    def add(self, kind: str, status: int, ms: float) -> None:
        self.latencies.append(ms)
        self.by_kind.setdefault(kind, []).append(ms)
        self.statuses[status] = self.statuses.get(status, 0) + 1

    def note(self, text: str) -> None:
        if len(self.samples) < 5:
            self.samples.append(text[:300])

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def seconds(self) -> float:
        return max(self.ended - self.started, 1e-9)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @property
    def errors_5xx(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    def summary(self) -> dict:
        return {
            "requests": self.requests,
            "seconds": round(self.seconds, 2),
            "rps": round(self.rps, 1),
            **_percentiles(self.latencies),
            "by_kind": {kind: {"requests": len(v), **_percentiles(v)} for kind, v in sorted(self.by_kind.items())},
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "transport_errors": self.transport_errors,
            "cpu": self.cpu,
        }


def _percentiles(values: list[float]) -> dict:
    return {f"p{q}_ms": round(percentile(values, q), 1) for q in (50, 95, 99)}


@dataclass
class Meter:
    """CPU seconds at one moment: gunicorn, the bench database's backends, this process (the
    clients), and the whole machine (busy, total over all cores)."""

    server: float
    backends: dict[int, float]
    client: float
    busy: float
    total: float

    @classmethod
    def read(cls, server: Server, database_url: str) -> Meter:
        busy, total = machine_cpu()
        return cls(gunicorn_cpu(server), backend_cpu(database_url), time.process_time(), busy, total)

    def since(self, before: Meter, requests: int) -> dict:
        server = self.server - before.server
        db = sum(cpu - before.backends.get(pid, 0.0) for pid, cpu in self.backends.items())
        client = self.client - before.client
        busy, total = self.busy - before.busy, max(self.total - before.total, 1e-9)
        per = 1000 / max(requests, 1)
        cost = (server + db) * per
        return {
            # What this many cores could serve if gunicorn and PostgreSQL had them to themselves.
            "rps_if_machine_idle": round((os.cpu_count() or 1) * 1000 / cost, 1) if cost else None,
            "server_ms_per_request": round(server * per, 2),
            "db_ms_per_request": round(db * per, 2),
            "client_ms_per_request": round(client * per, 2),
            "machine_busy_percent": round(100 * busy / total, 1),
            "others_percent": round(100 * max(busy - server - db - client, 0.0) / total, 1),
        }


@dataclass
class Outcomes:
    """What the registration requests came to, and the seats the server confirmed: item id ->
    (plan, discipline, section), kept up to date with the confirmed moves and drops."""

    confirmed: int = 0
    refused_full: int = 0
    refused_other: int = 0
    moved: int = 0
    move_refused_full: int = 0
    dropped: int = 0
    unexpected: int = 0  # neither a confirmation nor a refusal: a 5xx, a redirect, a transport error
    blocks_without_seat: int = 0  # at the end of the phase
    blocks_uncertain: int = 0  # left alone after a refusal by another rule or a request with no answer
    uncertain_adds: int = 0  # adds that got no answer: their item may exist
    uncertain_items: set[int] = field(default_factory=set)  # moves or drops that got no answer
    other_messages: list[str] = field(default_factory=list)
    seats: dict[int, tuple[int, int, int]] = field(default_factory=dict)


class Rush:
    def __init__(self, config: Config, world: rush_data.RushWorld, server: Server, database_url: str, urls):
        self.config, self.world, self.server, self.database_url, self.urls = config, world, server, database_url, urls
        self.rng = random.Random(5)
        self.login = Tally()
        self.baseline = Tally()
        self.registration = Tally()
        self.outcomes = Outcomes()
        self.logged_in = 0
        self.deadline = 0.0

    # --- plumbing ------------------------------------------------------------------------------

    async def think(self) -> bool:
        """Pause like a student; False when the phase's time is up (send nothing more)."""
        low, high = self.config.think
        if high > 0:
            await asyncio.sleep(self.rng.uniform(low, high))
        return time.perf_counter() < self.deadline

    async def _call(self, tally: Tally, kind: str, coro):
        try:
            response = await coro
        except TransportError as exc:
            tally.transport_errors += 1
            tally.note(str(exc))
            return None
        tally.add(kind, response.status, response.ms)
        if response.status >= 500:
            tally.note(f"{kind} {response.status}: {response.text[:200]}")
        return response

    async def phase(self, tally: Tally, sessions, work, seconds: float) -> None:
        before = Meter.read(self.server, self.database_url)
        tally.started = time.perf_counter()
        self.deadline = tally.started + seconds
        tasks = [asyncio.create_task(work(spec, session)) for spec, session in sessions]
        done, pending = await asyncio.wait(tasks, timeout=seconds + GRACE_SECONDS)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        tally.ended = time.perf_counter()
        tally.cpu = Meter.read(self.server, self.database_url).since(before, tally.requests)
        for task in done:
            if task.exception() is not None:
                tally.note(f"client failed: {task.exception()!r}")
        if pending:
            tally.note(f"{len(pending)} clients cut off")

    # --- the phases ------------------------------------------------------------------------------

    async def do_login(self, spec: rush_data.ClientSpec, session: Session) -> None:
        try:
            page, posted = await login(session, spec.username, self.world.password)
        except TransportError as exc:
            self.login.transport_errors += 1
            self.login.note(str(exc))
            return
        self.login.add("page", page.status, page.ms)
        self.login.add("post", posted.status, posted.ms)
        if posted.status == 302 and "sessionid" in session.cookies:
            self.logged_in += 1
        else:
            self.login.note(f"login of {spec.username}: {posted.status} {posted.text[:200]}")

    async def do_baseline(self, spec: rush_data.ClientSpec, session: Session) -> None:
        while await self.think():
            r = await self._call(self.baseline, "page", session.get(BASELINE_PATH))
            if r is not None and r.status != 200:
                self.baseline.note(f"{BASELINE_PATH}: {r.status}")

    async def do_register(self, spec: rush_data.ClientSpec, session: Session) -> None:
        student = Student(spec, session, [None] * len(spec.choices))
        for block in range(len(spec.choices)):
            if not await self.hunt(student, block):
                break
        while time.perf_counter() < self.deadline:
            open_blocks = [b for b in range(len(spec.choices)) if b not in student.frozen]
            if not open_blocks:
                break
            block = self.rng.choice(open_blocks)
            held = student.held[block]
            if held is None:
                going = await self.hunt(student, block)
            elif self.rng.random() < 0.5:
                going = await self.move(student, block)
            else:
                going = await self.drop(student, block)
                if going and student.held[block] is None:
                    going = await self.hunt(student, block, skip=held[1])
            if not going:
                break
        self.outcomes.blocks_without_seat += sum(
            1 for b, held in enumerate(student.held) if held is None and b not in student.frozen
        )
        self.outcomes.blocks_uncertain += len(student.frozen)

    # --- what a student does -------------------------------------------------------------------

    async def hunt(self, student: Student, block: int, skip: int | None = None) -> bool:
        """Take a seat in `block`: the alternatives in order of preference (but `skip`, the one just
        dropped). After "section full" the student reads the message, as on the page: the sections it
        names as free are tried next, and a discipline with none left is skipped. False when the
        phase's time is up."""
        url = self.urls["add"].format(plan=student.spec.plan_id)
        for discipline_id, sections in student.spec.choices[block]:
            if discipline_id == skip:
                continue
            queue = list(sections)
            while queue:
                section_id, _code = queue.pop(0)
                if not await self.think():
                    return False
                r = await self._call(
                    self.registration,
                    "add",
                    student.session.post(url, {"discipline": discipline_id, "section": section_id}, headers=JSON),
                )
                verdict, body = self._verdict(r)
                if verdict == "ok":
                    self.outcomes.confirmed += 1
                    item = int(body["item"])
                    student.held[block] = (item, discipline_id, section_id)
                    self.outcomes.seats[item] = (student.spec.plan_id, discipline_id, section_id)
                    return True
                if verdict != "full":
                    # Another rule refused, or no answer came (the add may or may not have been
                    # committed): the student leaves this block alone from now on.
                    student.frozen.add(block)
                    self.outcomes.uncertain_adds += verdict == "error"
                    return True
                self.outcomes.refused_full += 1
                message = " ".join(str(e) for e in body["errors"])
                queue = [(x, code) for x, code in queue if f"{code} (" in message]
        return True

    async def move(self, student: Student, block: int) -> bool:
        """Move to the other section of the same discipline (one request; the seat is kept on refusal)."""
        item, discipline_id, section_id = student.held[block]
        sections = dict(student.spec.choices[block])[discipline_id]
        others = [x for x, _code in sections if x != section_id]
        if not await self.think():
            return False
        if not others:
            return True
        target = self.rng.choice(others)
        r = await self._call(
            self.registration,
            "move",
            student.session.post(self.urls["section"].format(item=item), {"section": target}, headers=JSON),
        )
        verdict, _body = self._verdict(r)
        if verdict == "ok":
            self.outcomes.moved += 1
            student.held[block] = (item, discipline_id, target)
            self.outcomes.seats[item] = (student.spec.plan_id, discipline_id, target)
        elif verdict == "full":
            self.outcomes.move_refused_full += 1
        else:
            self._unsure(student, block, item)
        return True

    async def drop(self, student: Student, block: int) -> bool:
        """Drop the block's elective (its seat is freed). False when the phase's time is up."""
        item, _discipline_id, _section_id = student.held[block]
        if not await self.think():
            return False
        r = await self._call(
            self.registration, "remove", student.session.post(self.urls["remove"].format(item=item), {}, headers=JSON)
        )
        verdict, _body = self._verdict(r)
        if verdict == "ok":
            self.outcomes.dropped += 1
            student.held[block] = None
            self.outcomes.seats.pop(item, None)
        else:
            self._unsure(student, block, item)
        return True

    def _unsure(self, student: Student, block: int, item: int) -> None:
        """No clear answer about `item`: the client cannot know where its seat is (a timed-out move
        or drop may still have been committed), so it is left out of the checks and alone."""
        student.frozen.add(block)
        self.outcomes.seats.pop(item, None)
        self.outcomes.uncertain_items.add(item)

    def _verdict(self, r) -> tuple[str, dict]:
        """ "ok", "full" (a seat cap refused), "refused" (another rule) or "error"."""
        out = self.outcomes
        body = None
        if r is not None and r.headers.get("content-type", "").startswith("application/json"):
            try:
                body = r.json()
            except ValueError:
                body = None
        if r is not None and r.status == 200 and body and body.get("ok") is True:
            return "ok", body
        if r is not None and r.status == 409 and body and body.get("ok") is False:
            message = " ".join(str(e) for e in body.get("errors") or [])
            if " is full" in message:
                return "full", body
            out.refused_other += 1
            if len(out.other_messages) < 5:
                out.other_messages.append(message[:300])
            return "refused", body
        out.unexpected += 1
        if r is not None:
            self.registration.note(f"{r.status} {r.headers.get('location', '')} {r.text[:200]}")
        return "error", {}

    async def run(self) -> None:
        sessions = [(spec, Session(self.host, self.port)) for spec in self.world.clients]
        try:
            await self.phase(self.login, sessions, self.do_login, LOGIN_SECONDS)
            await self.phase(self.baseline, sessions, self.do_baseline, self.config.baseline_seconds)
            await self.phase(self.registration, sessions, self.do_register, self.config.registration_seconds)
        finally:
            await asyncio.gather(*(s.close() for _spec, s in sessions), return_exceptions=True)

    @property
    def host(self) -> str:
        return self.server.host

    @property
    def port(self) -> int:
        return self.server.port


@dataclass
class Student:
    spec: rush_data.ClientSpec
    session: Session
    held: list[tuple[int, int, int] | None]  # per block: (item, discipline, section) or None
    frozen: set[int] = field(default_factory=set)  # blocks the student leaves alone


def invariants(world: rush_data.RushWorld, seats: dict[int, tuple[int, int, int]], uncertain: set[int]) -> dict:
    """The seat invariants, read by SQL after the run. `seats`: where the server confirmed each item
    to be; `uncertain`: items whose last move or drop got no answer (left out of the comparison)."""
    from django.db import connection

    from enrollment.models import PlanItem, Section

    section_table, item_table = Section._meta.db_table, PlanItem._meta.db_table
    plans = [c.plan_id for c in world.clients]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT s.id, s.capacity, s.seats_taken,
                   (SELECT count(*) FROM {item_table} i
                     WHERE i.section_id = s.id OR i.practice_section_id = s.id OR i.lab_section_id = s.id)
              FROM {section_table} s WHERE s.term_id = %s
            """,
            [world.term_id],
        )
        rows = cursor.fetchall()
        cursor.execute(
            f"SELECT id, plan_id, discipline_id, section_id FROM {item_table}"
            " WHERE plan_id = ANY(%s) AND block_id IS NOT NULL",
            [plans],
        )
        found = {row[0]: row[1:] for row in cursor.fetchall()}
        cursor.execute(
            f"""
            SELECT count(*) FROM (
              SELECT plan_id, block_id FROM {item_table}
               WHERE block_id IS NOT NULL AND plan_id = ANY(%s)
               GROUP BY plan_id, block_id HAVING count(*) > 1) twice
            """,
            [plans],
        )
        (blocks_over,) = cursor.fetchone()
    overbooked = sum(1 for _id, capacity, taken, items in rows if taken > capacity or items > capacity)
    drift = sum(abs(taken - items) for _id, _capacity, taken, items in rows)
    mismatches = [(item, where, found.get(item)) for item, where in seats.items() if found.get(item) != where]
    missing = len(mismatches)
    return {
        "overbooked_sections": overbooked,
        "lost_registrations": missing + drift,
        "confirmed_missing": missing,
        "seat_count_drift": drift,
        # Electives in the clients' plans that no confirmation accounts for (an add that got no answer
        # but was committed): not lost, but counted.
        "unconfirmed_items": sum(1 for item in found if item not in seats and item not in uncertain),
        "uncertain_items": len(uncertain),
        "missing_sample": [
            f"item {i}: confirmed (plan, discipline, section) {w}, found {f}" for i, w, f in mismatches[:5]
        ],
        "blocks_chosen_twice": blocks_over,
        "sections_full_after": sum(1 for _id, capacity, taken, _items in rows if taken >= capacity),
        "seats_held_by_clients": len(found),
    }


def _database_url() -> str:
    from django.db import connection

    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _urls() -> dict[str, str]:
    """The registration endpoints by their URL names, with format fields for the ids."""
    from django.urls import reverse

    return {
        "add": reverse("plan_item_add", args=[987654321]).replace("987654321", "{plan}"),
        "section": reverse("plan_item_section", args=[987654321]).replace("987654321", "{item}"),
        "remove": reverse("plan_item_remove", args=[987654321]).replace("987654321", "{item}"),
    }


def run(config: Config | None = None, server_log=None) -> dict:
    """The benchmark's figures; `server_log` is where gunicorn's output goes (a file next to the JSON)."""
    config = config or Config.from_env()
    started = time.perf_counter()
    urls = _urls()
    world = rush_data.build(students=config.students, clients=config.clients)
    setup_seconds = time.perf_counter() - started
    load_before = os.getloadavg()
    database_url = _database_url()
    cache_url = redis_cache_url()
    started = time.perf_counter()
    with gunicorn(
        database_url,
        cache_url=cache_url,
        workers=config.workers,
        worker_class=config.worker_class,
        threads=config.threads,
        log_path=server_log or ROOT / "var" / "bench" / "registration_rush.gunicorn.log",
    ) as server:
        server_start_seconds = time.perf_counter() - started
        rush = Rush(config, world, server, database_url, urls)
        asyncio.run(rush.run())
    out = rush.outcomes
    checks = invariants(world, out.seats, out.uncertain_items)
    reg, base = rush.registration, rush.baseline
    errors_5xx = reg.errors_5xx + base.errors_5xx + rush.login.errors_5xx
    p95 = percentile(reg.latencies, 95)
    result = {
        "requests": reg.requests,
        "throughput_rps": round(reg.rps, 1),
        "baseline_rps": round(base.rps, 1),
        "p50_ms": round(percentile(reg.latencies, 50), 1),
        "p95_ms": round(p95, 1),
        "p99_ms": round(percentile(reg.latencies, 99), 1),
        "errors_5xx": errors_5xx,
        "overbooked_sections": checks["overbooked_sections"],
        "lost_registrations": checks["lost_registrations"],
        "seconds": round(reg.seconds, 2),
        "students": world.students,
        "sections": len(world.sections),
        "clients": len(world.clients),
        "logged_in": rush.logged_in,
        "workers": config.workers,
        "worker_class": config.worker_class,
        "cache": "redis (sessions cached_db)" if cache_url else "memory per process (sessions in the database)",
        "threads": config.threads,
        "think_seconds": list(config.think),
        "outcomes": {
            "confirmed": out.confirmed,
            "refused_full": out.refused_full,
            "refused_other": out.refused_other,
            "moved": out.moved,
            "move_refused_full": out.move_refused_full,
            "dropped": out.dropped,
            "unexpected": out.unexpected,
            "uncertain_adds": out.uncertain_adds,
            "blocks_uncertain": out.blocks_uncertain,
            "blocks_without_seat": out.blocks_without_seat,
            "other_refusals_sample": out.other_messages,
        },
        "checks": checks,
        "registration": reg.summary(),
        "baseline": base.summary(),
        "login": rush.login.summary(),
        "problems_sample": rush.login.samples + base.samples + reg.samples,
        "seats_before_rush": sum(s.pre_taken for s in world.sections.values()),
        "capacity": sum(s.capacity for s in world.sections.values()),
        "pre_registered_students": world.pre_registered,
        "setup_seconds": round(setup_seconds, 1),
        "server_start_seconds": round(server_start_seconds, 1),
        "cpus": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }
    result["targets_met"] = {
        "overbooked_sections": result["overbooked_sections"] == 0,
        "lost_registrations": result["lost_registrations"] == 0,
        "errors_5xx": errors_5xx == 0,
        "throughput_half_of_baseline": reg.rps >= base.rps / 2,
        "p95_under_300_ms": p95 < TARGET_P95_MS,
    }
    return result
