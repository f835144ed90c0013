"""One typed settings object, read from the environment and `.env`.

The app starts with no secrets at all (embedded defaults: SQLite, in-process jobs,
local e-mail outbox, offline AI, a signing key made on first start in the data folder).
In production mode (`APP_ENV=production`) it refuses to start with placeholder secrets.
Every setting is documented in `docs/configuration.md`.
"""

from __future__ import annotations

import functools
import ipaddress
import logging
import re
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from interview_app import origins, signing_key

ROOT_DIR = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "dev-only-insecure-secret-key-change-me"
_KEY_ID = re.compile(r"[A-Za-z0-9._-]{1,40}")


class Settings(BaseSettings):
    """Application settings; field names map to upper-case environment variables."""

    model_config = SettingsConfigDict(env_file=ROOT_DIR / ".env", env_file_encoding="utf-8", extra="ignore")

    app_env: Literal["development", "production", "test"] = "development"
    app_name: str = "Interview Coach"
    # Signs media, export and unsubscribe links. Empty outside production: a random key of this install is
    # made on first start and kept in DATA_DIR/secret_key (see `signing_key`); production must set it.
    secret_key: str = ""
    public_url: str = "http://localhost:3000"
    allowed_origins_csv: str = Field(default="", alias="ALLOWED_ORIGINS")
    data_dir: Path = ROOT_DIR / "data"
    # The app's own log lines on standard error: DEBUG, INFO, WARNING or ERROR.
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # "text" (one readable line per record) or "json" (one JSON object per line, with the request or job id).
    log_format: Literal["text", "json"] = "text"
    # Bearer token that opens GET /metrics (Prometheus text format); empty: /metrics answers 404.
    metrics_token: str = ""
    # Address the web server listens on; empty: all interfaces in production, this machine only (127.0.0.1)
    # otherwise. Set 0.0.0.0 to reach a development install from other machines (e.g. a phone).
    bind_host: str = ""

    reflex_db_url: str = ""
    # SQLite only: how long a write waits for the one before it (this process's writers queue in turn; other
    # processes through SQLite's busy_timeout) before "database is locked" (the API then answers 503).
    sqlite_busy_timeout_seconds: float = Field(default=15.0, ge=1, le=300)
    # Threads for the HTTP API's routes in each web process (more than the requests served at once: a request
    # waiting for SQLite's write lock sleeps on one; docs/performance.md).
    api_worker_threads: int = Field(default=200, ge=40, le=2000)
    # Each web process keeps what lives long out of the garbage collector's full passes (they stopped every
    # tab for 0.5-0.8 s at 300 tabs) and hands it back for one full pass every this many minutes; 0: Python's
    # collector as it is (state/heap.py, docs/performance.md).
    heap_sweep_minutes: float = Field(default=30.0, ge=0, le=24 * 60)
    reflex_redis_url: str = ""

    scheduler_in_app: bool = True
    # Where background jobs run: "inprocess" (a thread pool in the app) or "redis" (dramatiq queue on
    # REFLEX_REDIS_URL, run by `python -m interview_app worker` processes).
    job_queue: Literal["inprocess", "redis"] = "inprocess"

    session_ttl_hours: int = 24 * 14
    session_idle_hours: int = 24 * 7
    verify_token_ttl_hours: int = 48
    # The public API's tokens (docs/api.md): access tokens are JWTs (HS256) valid this many minutes; refresh
    # tokens last this many days unused, and a sign-in's chain of them at most API_REFRESH_FAMILY_DAYS.
    api_access_token_minutes: int = Field(default=15, ge=1, le=24 * 60)
    api_refresh_token_days: int = Field(default=30, ge=1, le=365)
    api_refresh_family_days: int = Field(default=90, ge=1, le=3650)
    # The keys that sign access tokens, newest first: "kid:secret,kid:secret" (secrets of 32+ characters). The
    # first signs, the others still verify (rotation). Empty: one key derived from SECRET_KEY.
    api_token_keys: str = ""
    reset_token_ttl_minutes: int = 60

    argon2_memory_kib: int = 19456
    argon2_time_cost: int = 2
    argon2_parallelism: int = 1
    # How many password hashes (sign-in, registration, password changes) run at once; the rest wait their turn
    # instead of sharing the cores (and 19 MiB each) with all the others. 0: one per CPU core.
    password_hash_concurrency: int = Field(default=0, ge=0, le=64)
    password_min_length: int = 10

    signin_ip_limit: int = 30
    signin_ip_window_minutes: int = 15
    signin_account_free_failures: int = 5
    signin_account_max_lockout_minutes: int = 15
    register_ip_limit: int = 20
    reset_email_limit: int = 3
    reset_email_window_minutes: int = 60

    smtp_host: str = ""
    smtp_port: int = 587
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_security: Literal["starttls", "ssl", "none"] = "starttls"
    smtp_timeout_seconds: float = 10.0
    mail_from: str = "Interview Coach <no-reply@localhost>"

    google_client_id: str = ""
    google_client_secret: str = ""
    github_client_id: str = ""
    github_client_secret: str = ""
    linkedin_client_id: str = ""
    linkedin_client_secret: str = ""
    oauth_endpoints: str = ""
    # Reading candidates' public GitHub profiles (services/tailoring/github.py): the REST API's address (tests
    # point it at a local fake), an optional token (5,000 requests an hour instead of 60; no scopes needed)
    # and the time one request may take.
    github_api_url: str = "https://api.github.com"
    github_token: str = ""
    github_timeout_seconds: float = 10.0
    # Tailored interviews: reading a job advert from its URL on the server (services/tailoring/fetch.py), only
    # http(s), public addresses, at most JOB_URL_MAX_BYTES in JOB_URL_TIMEOUT_SECONDS, three redirects, each
    # checked again. "admin": admins switch it on Admin -> Settings (off until one does); "on" (or true): the
    # same, but on until an admin turns it off; "off" (or false): never, whatever the admin switch says.
    job_url_fetch: Literal["admin", "on", "off"] = "admin"
    job_url_max_bytes: int = Field(default=1_000_000, ge=1000)
    job_url_timeout_seconds: float = Field(default=8.0, gt=0, le=60)
    # Networks (comma-separated CIDRs, "10.20.0.0/16") the fetcher may reach although they are not public: an
    # intranet careers site. Empty: public addresses only.
    job_url_allowed_networks: str = ""

    openai_base_url: str = ""
    openai_api_key: str = ""
    openai_model: str = "gpt-4o-mini"
    openai_timeout_seconds: float = 30.0
    scoring_engine: Literal["auto", "offline", "llm"] = "auto"
    embedding_model_path: str = ""
    embedding_threads: int = 1
    embedding_quantize: bool = True
    # The answer judge (a cross-encoder shipped in the repo): on by default; a path overrides the shipped file.
    answer_judge: bool = True
    answer_judge_path: str = ""
    # Answers or questions not in English are read by a multilingual encoder (services/scoring/multilingual.py).
    multilingual_scoring: bool = True
    answer_max_chars: int = 8000
    # The optional local LLM (docs/scoring.md): the start command fetches the model, installs llama-cpp-python
    # and serves it on 127.0.0.1:LOCAL_LLM_PORT; each scored answer then gets a refined score in the background.
    local_llm: bool = False
    local_llm_port: int = 8093
    local_llm_threads: int = 2
    # Where the model, the built wheel and the server's environment are kept; empty: ~/.cache/interview-coach/llm.
    local_llm_dir: str = ""
    # Speech: faster-whisper with a model shipped on PyPI ("tiny.en" or the more accurate "base").
    whisper_model: Literal["tiny.en", "base"] = "tiny.en"
    whisper_compute_type: str = "int8"
    whisper_threads: int = 2
    whisper_beam_size: int = 5
    # Whisper calls that may run at once in one process; more wait their turn, a hand-in's first
    # (speech/gate.py). 2 measured as well as 1 on a quiet 2-core box and better on a busy one.
    whisper_parallel_calls: int = Field(default=2, ge=1, le=64)
    # Encode only the audio plus 10 s of padding instead of a full 30-s window: 20-30 % faster on short
    # stretches, but less accurate on short streamed pieces (docs/performance.md), so off by default.
    whisper_trim_window: bool = False
    # The second listen for "um"/"uh" in voiced gaps: tiny.en is fast and does not loop on the filler prompt.
    whisper_filler_model: Literal["tiny.en", "base"] = "tiny.en"
    # Transcribe the growing recording once this much new audio has arrived (cut at a pause).
    stream_min_seconds: float = 8.0
    # Recordings: storage backend and limits per uploaded piece and per answer.
    storage_backend: Literal["local"] = "local"
    media_piece_max_bytes: int = 4 * 1024 * 1024
    media_answer_max_bytes: int = 120 * 1024 * 1024
    media_answer_max_seconds: int = 15 * 60
    upload_pieces_per_minute: int = 120
    # Daily trainer: a question is flagged (kept out of quizzes until an admin reviews it) after this many
    # reports from different users; short answers pass at this offline score (0-100).
    quiz_report_flag_threshold: int = 3
    quiz_short_pass_score: int = 55
    quiz_max_length: int = 20
    # Progress: peer percentiles are shown only for groups (same role and level, opted in) at least this big.
    peer_min_group: int = 20
    # Web Push reminders: the VAPID key pair is made on first start and kept in the database unless both
    # are given here (base64url, as `vapid --applicationServerKey` prints); the contact sent to push services.
    vapid_public_key: str = ""
    vapid_private_key: str = ""
    vapid_subject: str = "mailto:admin@localhost"
    # "Export all my data": how long a finished ZIP can be downloaded (hours) before it is deleted.
    export_link_hours: int = 24
    # Exports a user may ask for within 24 hours (one is built at a time); one of the limits below.
    export_limit_per_day: int = Field(default=3, ge=0)
    # The product's per-user limits (services/shared/limits.py, docs/limits.md); 0 means no limit. Defaults from
    # the backend description. A plan may override them per user (`limits.set_plan_override`).
    interviews_per_day: int = Field(default=5, ge=0)
    answers_per_minute: int = Field(default=2, ge=0)
    llm_scoring_per_minute: int = Field(default=10, ge=0)
    exports_per_hour: int = Field(default=2, ge=0)
    # Where limits that no stored row counts keep their counters: "auto" (Redis when REFLEX_REDIS_URL is set,
    # else the database), "database" or "redis".
    limits_store: Literal["auto", "database", "redis"] = "auto"
    # An interview still running this long after it started ends as "abandoned" (a job checks every few
    # minutes); the interview page warns INTERVIEW_WARNING_MINUTES before.
    interview_max_minutes: int = Field(default=120, ge=10)
    interview_warning_minutes: int = Field(default=10, ge=1)
    # Plans and quotas (docs/plans.md). Off: everyone unlimited as the limits above say, no pricing page.
    plans_enabled: bool = False
    # The plans `seed` creates when their slug is missing (a JSON file; empty: the built-in free and Premium
    # plans of interview_app/data/plans.json). Plans edited by admins in the app are never overwritten.
    plans_file: str = ""
    # The currency the pricing page opens in (a plan without a price in it shows its first currency).
    billing_default_currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")
    # Cost tracking: what a paid engine costs, in BILLING_COST_CURRENCY (defaults: gpt-4o-mini's list prices;
    # Whisper runs on this machine, so 0 unless you put a price on its CPU time).
    billing_cost_currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")
    billing_price_per_million_prompt_tokens: float = Field(default=0.15, ge=0)
    billing_price_per_million_completion_tokens: float = Field(default=0.60, ge=0)
    billing_price_per_whisper_second: float = Field(default=0.0, ge=0)
    # Payments (docs/payments.md), used when PLANS_ENABLED is on: the provider, its keys and its webhook secret.
    # Only STRIPE_PUBLISHABLE_KEY / RAZORPAY_KEY_ID may reach the browser. The *_API_BASE addresses exist
    # for the tests' local fake servers; leave them at the providers' own.
    payments_provider: Literal["stripe", "razorpay"] = "stripe"
    stripe_secret_key: str = ""
    stripe_publishable_key: str = ""
    stripe_webhook_secret: str = ""
    stripe_api_base: str = "https://api.stripe.com"
    razorpay_key_id: str = ""
    razorpay_key_secret: str = ""
    razorpay_webhook_secret: str = ""
    razorpay_api_base: str = "https://api.razorpay.com"
    # Razorpay's Standard Checkout script, loaded only by the app's own checkout page (its own CSP allows it).
    razorpay_checkout_js_url: str = "https://checkout.razorpay.com/v1/checkout.js"
    # One call to a provider may take this long; the Stripe SDK retries a failed call this many times.
    payments_timeout_seconds: float = Field(default=20.0, gt=0)
    payments_max_retries: int = Field(default=2, ge=0, le=5)
    # After a failed renewal the subscriber keeps the paid plan this many days (past due), then the default.
    billing_grace_days: int = Field(default=7, ge=0, le=60)
    # A Stripe webhook signed longer ago than this is refused (replay protection).
    stripe_webhook_tolerance_seconds: int = Field(default=300, ge=1)
    # The admin revenue page (docs/payments.md, "Admin"): amounts per currency unless BILLING_REVENUE_CURRENCY
    # is set; then BILLING_EXCHANGE_RATES ("INR=0.012,EUR=1.08": one unit of each in it) converts them.
    billing_revenue_currency: str = Field(default="", pattern=r"^([A-Z]{3})?$")
    billing_exchange_rates: str = ""
    # The seller printed on invoices (address lines separated by "|"), and the tax included in the prices
    # (BILLING_TAX_RATE_PERCENT 0: no tax line).
    billing_seller_name: str = "Interview Coach"
    billing_seller_address: str = ""
    billing_seller_email: str = ""
    billing_seller_tax_id: str = ""
    billing_tax_label: str = "VAT"
    billing_tax_rate_percent: float = Field(default=0.0, ge=0, le=100)

    @model_validator(mode="after")
    def _check_api_token_keys(self) -> Settings:
        self.api_token_key_list  # noqa: B018  (raises on a malformed list, in every environment)
        self.billing_exchange_rate_table  # noqa: B018  (the same for a malformed rate table)
        return self

    @field_validator("job_url_fetch", mode="before")
    @classmethod
    def _job_url_fetch_words(cls, value: object) -> object:
        """JOB_URL_FETCH also takes the true/false words it took when it was a plain switch."""
        if isinstance(value, bool):
            return "on" if value else "off"
        word = str(value).strip().lower()
        words = {"true": "on", "1": "on", "yes": "on", "false": "off", "0": "off", "no": "off", "": "admin"}
        return words.get(word, word)

    @model_validator(mode="after")
    def _check_job_url_networks(self) -> Settings:
        self.job_url_allowed_network_list  # noqa: B018  (raises on a malformed network)
        return self

    @property
    def job_url_allowed_network_list(self) -> list[str]:
        """JOB_URL_ALLOWED_NETWORKS as normalised CIDRs ("127.0.0.2/32").

        Raises:
            ValueError: A part is not an IPv4 or IPv6 address or network.

        """
        networks = []
        for part in (p.strip() for p in self.job_url_allowed_networks.split(",")):
            if not part:
                continue
            try:
                networks.append(str(ipaddress.ip_network(part, strict=False)))
            except ValueError:
                raise ValueError(f"JOB_URL_ALLOWED_NETWORKS: {part!r} is not an address or network") from None
        return networks

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> Settings:
        if self.interview_warning_minutes >= self.interview_max_minutes:
            raise ValueError("INTERVIEW_WARNING_MINUTES must be less than INTERVIEW_MAX_MINUTES")
        if self.limits_store == "redis" and not self.reflex_redis_url:
            raise ValueError("LIMITS_STORE=redis needs REFLEX_REDIS_URL")
        if self.app_env != "production":
            return self
        problems = []
        if self.secret_key == DEV_SECRET_KEY or len(self.secret_key) < 32:
            problems.append("SECRET_KEY must be set to a random value of at least 32 characters")
        if any(secret == DEV_SECRET_KEY or "change-me" in secret for _, secret in self.api_token_key_list):
            problems.append("API_TOKEN_KEYS holds a placeholder secret")
        if not self.public_url.startswith("https://"):
            problems.append("PUBLIC_URL must be the https:// address users open")
        if self.smtp_host and not self.smtp_password and self.smtp_username:
            problems.append("SMTP_PASSWORD is empty while SMTP_USERNAME is set")
        if problems:
            raise ValueError("refusing to start in production: " + "; ".join(problems))
        return self

    @property
    def billing_exchange_rate_table(self) -> dict[str, float]:
        """BILLING_EXCHANGE_RATES as {currency: value of one unit in BILLING_REVENUE_CURRENCY}.

        Raises:
            ValueError: A part is not `CODE=positive number`.

        """
        rates: dict[str, float] = {}
        for part in (p.strip() for p in self.billing_exchange_rates.replace(";", ",").split(",")):
            if not part:
                continue
            code, sep, value = part.partition("=")
            code = code.strip().upper()
            try:
                rate = float(value) if sep else 0.0
            except ValueError:
                rate = 0.0
            if len(code) != 3 or not code.isalpha() or not rate > 0:
                raise ValueError(f"BILLING_EXCHANGE_RATES: {part!r} is not CODE=positive rate")
            rates[code] = rate
        return rates

    @property
    def api_token_key_list(self) -> list[tuple[str, str]]:
        """API_TOKEN_KEYS as (key id, secret) pairs, newest first; empty when the setting is.

        Raises:
            ValueError: For an entry without a key id, a repeated id, an id with other characters than
                letters, digits, '.', '_' and '-', or a secret shorter than 32 characters.

        """
        pairs: list[tuple[str, str]] = []
        for entry in (part.strip() for part in self.api_token_keys.split(",")):
            if not entry:
                continue
            kid, _, secret = entry.partition(":")
            kid, secret = kid.strip(), secret.strip()
            if not _KEY_ID.fullmatch(kid) or any(kid == seen for seen, _ in pairs):
                raise ValueError(f"API_TOKEN_KEYS: {kid!r} is not a unique key id of 1-40 letters, digits, . _ -")
            if len(secret) < 32:
                raise ValueError(f"API_TOKEN_KEYS: the secret of key {kid!r} is shorter than 32 characters")
            pairs.append((kid, secret))
        return pairs

    @property
    def is_production(self) -> bool:
        """True when running with APP_ENV=production."""
        return self.app_env == "production"

    @property
    def database_url(self) -> str:
        """The SQLAlchemy URL; SQLite in the data folder unless REFLEX_DB_URL is set."""
        return self.reflex_db_url or f"sqlite:///{self.data_dir / 'interview_coach.db'}"

    @property
    def redis_url(self) -> str:
        """The Redis URL for Reflex state and the job queue; empty means in-process."""
        return self.reflex_redis_url

    @property
    def allowed_origins(self) -> list[str]:
        """Origins allowed to open the websocket and call the API: PUBLIC_URL's plus ALLOWED_ORIGINS, never any."""
        return origins.allowed_origins(
            self.public_url, self.allowed_origins_csv, loopback_aliases=not self.is_production
        )

    @property
    def listen_host(self) -> str:
        """Where the web server listens: BIND_HOST, else all interfaces in production and loopback otherwise."""
        return self.bind_host or ("0.0.0.0" if self.is_production else "127.0.0.1")  # noqa: S104 (production only)

    @property
    def smtp_enabled(self) -> bool:
        """True when e-mail goes out over SMTP rather than into the local outbox."""
        return bool(self.smtp_host)

    @property
    def llm_enabled(self) -> bool:
        """True when an OpenAI-compatible endpoint is configured."""
        return bool(self.openai_base_url or self.openai_api_key)


@functools.cache
def get_settings() -> Settings:
    """Return the process-wide settings, read once."""
    settings = Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    if not settings.is_production and settings.secret_key in ("", DEV_SECRET_KEY):
        if settings.secret_key:
            logging.getLogger(__name__).warning(
                "SECRET_KEY is the public development key; using this install's own key in %s instead",
                settings.data_dir / signing_key.FILE_NAME,
            )
        settings.secret_key = signing_key.load_or_create(settings.data_dir)
    return settings
