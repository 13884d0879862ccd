"""The registration-day benchmark in miniature: a real gunicorn on loopback, 10 students with no think
time racing for a handful of seats through the JSON endpoints, then the seat invariants by SQL.

It guards what `make bench` relies on (the login with CSRF, the JSON contract of plan_item_add /
plan_item_section / plan_item_remove, "section full" readable in the refusal) and the invariant
itself over HTTP: no section overbooked, no confirmed seat lost. PostgreSQL only.
"""

import pytest

from tests.conftest import uses_postgres

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not uses_postgres(), reason="needs PostgreSQL: gunicorn must share the test database"),
]


@pytest.mark.django_db(transaction=True)
def test_small_rush_keeps_every_seat_and_overbooks_none(tmp_path):
    from tests.perf.bench_registration_rush import Config, run

    result = run(
        Config(
            students=60,
            clients=10,
            workers=2,  # two requests at a time: the seat races are real
            think=(0.0, 0.0),
            baseline_seconds=1.0,
            registration_seconds=3.0,
        ),
        server_log=tmp_path / "gunicorn.log",
    )
    assert result["logged_in"] == 10, result["problems_sample"]
    assert result["baseline"]["statuses"] == {"200": result["baseline"]["requests"]}
    assert result["errors_5xx"] == 0, result["problems_sample"]
    assert result["outcomes"]["unexpected"] == 0, result["problems_sample"]
    outcomes = result["outcomes"]
    # Seats are few (one spare per section): some requests are confirmed, some refused as full.
    assert outcomes["confirmed"] > 0 and outcomes["refused_full"] + outcomes["move_refused_full"] > 0, outcomes
    assert outcomes["refused_other"] == 0, outcomes
    assert result["overbooked_sections"] == 0, result["checks"]
    assert result["lost_registrations"] == 0, result["checks"]
    assert result["checks"]["blocks_chosen_twice"] == 0
    assert result["checks"]["unconfirmed_items"] == 0
