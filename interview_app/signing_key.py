"""The secret that signs links when SECRET_KEY is not given: made on first start, kept in the data folder.

Media, export and unsubscribe links are HMACs under the app's secret key. A key that ships with the code
is a key everyone has, so outside production a missing SECRET_KEY (or the public development placeholder)
means a random key of this install, kept in `DATA_DIR/secret_key` (mode 0600) and read by every process
that shares the folder: the app, workers, the scheduler and the CLI. Production refuses to start without
an explicit key instead (several hosts must share it; see `Settings`).

The file is written to a private temporary file first and then hard-linked into place, which either
creates `secret_key` with its whole content or fails because it exists (like O_CREAT|O_EXCL, without a
moment where another process could read it empty). Two processes starting together therefore agree on
one key: the loser of the race reads the winner's.
"""

from __future__ import annotations

import logging
import os
import secrets
import stat
import tempfile
from pathlib import Path

FILE_NAME = "secret_key"
MIN_LENGTH = 32

log = logging.getLogger(__name__)


class SecretKeyFileError(RuntimeError):
    """The key file exists but cannot be used; the message says what to do."""


def load_or_create(data_dir: Path) -> str:
    """The install's own signing key from `data_dir/secret_key`, made on first use.

    Args:
        data_dir: The data folder (DATA_DIR); it must exist.

    Returns:
        The key (at least MIN_LENGTH characters).

    Raises:
        SecretKeyFileError: When the file is too short or unreadable (it is never silently replaced:
            unsubscribe links signed with it would stop working).

    """
    path = data_dir / FILE_NAME
    if not path.exists():
        _create(path)
    return _read(path)


def _create(path: Path) -> None:
    """Write a new random key next to `path` and link it into place unless another process was first."""
    fd, temporary = tempfile.mkstemp(prefix=f".{FILE_NAME}.", dir=path.parent)  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_urlsafe(48) + "\n")
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            return  # another process made it a moment ago: use theirs
        log.info("Generated a signing key for this install in %s (set SECRET_KEY to choose one)", path)
    finally:
        Path(temporary).unlink(missing_ok=True)


def _read(path: Path) -> str:
    """The key in `path`, made private (0600) first when others could read it."""
    if os.name == "posix":
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            try:
                path.chmod(0o600)
            except OSError as exc:
                raise SecretKeyFileError(
                    f"{path} can be read by other users (mode {mode:04o}) and cannot be made private: {exc}. "
                    "Run `chmod 600` on it as its owner, or set SECRET_KEY."
                ) from exc
            log.warning(
                "%s could be read by other users (mode %04o); it is now 0600. If others may have read it, "
                "delete it and restart to make a new key (links already sent stop working).",
                path,
                mode,
            )
    try:
        key = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise SecretKeyFileError(f"cannot read the signing key {path}: {exc}. Fix it, or set SECRET_KEY.") from exc
    if len(key) < MIN_LENGTH:
        raise SecretKeyFileError(
            f"the signing key {path} holds {len(key)} characters, fewer than {MIN_LENGTH}: delete it to have a "
            "new one made at the next start (links already sent stop working), or set SECRET_KEY."
        )
    return key
