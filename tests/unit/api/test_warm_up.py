"""A web process's warm-up before its first request (`api.warm_up`, a lifespan function of the app)."""

from __future__ import annotations

from sqlalchemy.pool import QueuePool

from interview_app import db
from interview_app.api import warm_up
from interview_app.services.accounts import passwords


def test_warm_up_opens_the_first_connection_and_makes_the_hash_unknown_addresses_are_checked_against(session):
    passwords._dummy_hash.cache_clear()
    engine = db.get_engine()
    engine.dispose()  # a fresh pool, as in a new process
    pool = engine.pool
    assert isinstance(pool, QueuePool) and pool.checkedin() == 0

    warm_up()

    assert pool.checkedin() >= 1  # the connection is back in the pool, open
    assert passwords._dummy_hash.cache_info().currsize == 1
    made = passwords._dummy_hash()
    assert made.startswith("$argon2id$") and not passwords.needs_rehash(made)  # the configured parameters
    assert passwords.verify_password(None, "no account has this") is False  # checked against that hash
