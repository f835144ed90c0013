"""Password hashing (argon2id, OWASP parameters) and the password policy.

Policy, following NIST SP 800-63B and the OWASP cheat sheet: at least 10 characters,
no composition rules, and the 30,000 most common passwords (the list zxcvbn ships)
are refused, as are passwords that merely repeat the e-mail or name.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import Iterator

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlmodel import Session

from interview_app import db
from interview_app.settings import get_settings

MAX_PASSWORD_LENGTH = 256


class WeakPasswordError(ValueError):
    """The password breaks the policy; `code` names the rule for the message."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@functools.cache
def get_hasher() -> PasswordHasher:
    """The argon2id hasher with the configured (at least OWASP minimum) parameters."""
    s = get_settings()
    return PasswordHasher(
        time_cost=max(2, s.argon2_time_cost),
        memory_cost=max(19456, s.argon2_memory_kib),
        parallelism=max(1, s.argon2_parallelism),
        hash_len=32,
        salt_len=16,
        type=Type.ID,
    )


@functools.cache
def _hash_slots() -> threading.BoundedSemaphore:
    """PASSWORD_HASH_CONCURRENCY slots (0: one per core) shared by every hash and verification in the process."""
    slots = get_settings().password_hash_concurrency or os.cpu_count() or 1
    return threading.BoundedSemaphore(slots)


@contextlib.contextmanager
def _hash_slot() -> Iterator[None]:
    """Wait for a free slot, then hash: 50 sign-ins at once queue here instead of thrashing the cores.

    argon2id takes 19 MiB and a few tens of milliseconds of one core per hash, and releases the GIL while it
    runs. Fifty at once on two cores each took fifty times as long (with a gigabyte of memory in use), so every
    one of them finished late; in line they finish one after another at the speed of the cores.
    """
    with _hash_slots():
        yield


@functools.cache
def _common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def check_policy(password: str, *, email: str = "", name: str = "") -> None:
    """Raise WeakPasswordError when `password` breaks the policy.

    Args:
        password: The candidate password, as typed.
        email: The account's e-mail, which the password must not simply repeat.
        name: The account holder's name, likewise.

    Raises:
        WeakPasswordError: With code `too_short`, `too_long`, `common` or `personal`.

    """
    if len(password) < get_settings().password_min_length:
        raise WeakPasswordError("too_short")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise WeakPasswordError("too_long")
    lowered = password.lower()
    if lowered in _common_passwords() or len(set(lowered)) <= 2:
        raise WeakPasswordError("common")
    personal = {email.lower(), email.lower().split("@")[0], name.lower().replace(" ", "")}
    if lowered.replace(" ", "") in {p for p in personal if p}:
        raise WeakPasswordError("personal")


def hash_password(password: str) -> str:
    """Return the argon2id hash of `password`."""
    with _hash_slot():
        return get_hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches `password_hash`; a missing hash still costs one hash."""
    hasher = get_hasher()
    if not password_hash:
        _burn_time(password)
        return False
    try:
        with _hash_slot():
            return hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def check(session: Session, password_hash: str | None, password: str) -> bool:
    """`verify_password` for a caller holding a database session: the one way the services check a password.

    The session's pooled connection goes back first when it has only read (`db.release_connection`), so nothing
    holds a connection (or SQLite's write lock) while the check waits for a hash slot and hashes. Sign-in, the
    re-checks before sensitive changes (password, e-mail, deleting the account) and two-factor's password
    confirmation all come here; the pages call them on a thread (`AuthState._in_thread`), the API on its pool.
    """
    db.release_connection(session)
    return verify_password(password_hash, password)


def new_hash(session: Session, password: str) -> str:
    """`hash_password` for a caller holding a database session, its connection given back first (see `check`)."""
    db.release_connection(session)
    return hash_password(password)


def needs_rehash(password_hash: str) -> bool:
    """True when the stored hash was made with other parameters than the current ones."""
    try:
        return get_hasher().check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def warm_up() -> None:
    """Hash once as a process starts, so that its first sign-in costs what the others do.

    A process's first argon2id maps its 19 MiB fresh from the kernel (45 ms against 23 ms for the next one, measured
    in one process). The hash made here is the one an unknown address is checked against (`_burn_time`), which
    would otherwise be made during a sign-in.
    """
    _dummy_hash()


@functools.cache
def _dummy_hash() -> str:
    return hash_password("timing-equaliser-not-a-password")


def _burn_time(password: str) -> None:
    """Spend as long as a real verification, so unknown e-mails are not faster."""
    dummy = _dummy_hash()
    with contextlib.suppress(VerificationError), _hash_slot():
        get_hasher().verify(dummy, password)
