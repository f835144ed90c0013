"""Interview Coach: rehearse interviews, get feedback, keep sharp with a daily trainer."""

from interview_app.services.shared import blas as _blas

_blas.set_env_defaults()  # before numpy is first imported (workers, the CLI); the web process limits at run time
