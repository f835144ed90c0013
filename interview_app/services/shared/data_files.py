"""The curated JSON data files (the interview question bank, the trainer's topics): read, parse and validate.

Every problem names its file and, for an item of a list, the item's id (or `#index`) and the field, so that
`check-questions` and `check-quiz` can print them one a line. Neither bank is cached: each load reads the files.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


def read_json_files(directory: Path, problems: list[str]) -> list[tuple[Path, Any]]:
    """Every `*.json` file in `directory`, parsed, in name order; one that is not readable JSON becomes a problem."""
    parsed: list[tuple[Path, Any]] = []
    for path in sorted(directory.glob("*.json")):
        try:
            parsed.append((path, json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, json.JSONDecodeError) as exc:
            problems.append(f"{path.name}: not readable JSON ({exc})")
    return parsed


def validate(model: type[M], value: Any, where: str, problems: list[str], *, unnamed: str = "value") -> M | None:
    """`value` as a `model`, or None and one problem per error: `where: field.path: message`.

    `unnamed` stands for the field of an error about the whole value (a list item that is not an object).
    """
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        problems.extend(f"{where}: {_field(error, unnamed)}: {error['msg']}" for error in exc.errors())
        return None


def validate_items(
    model: type[M], items: Sequence[Any], file_name: str, problems: list[str], *, unnamed: str = "value"
) -> list[M]:
    """The valid items of a file's list as `model`s; the problems of the others name their id (or `#index`)."""
    valid: list[M] = []
    for index, item in enumerate(items):
        ident = item.get("id", f"#{index}") if isinstance(item, dict) else f"#{index}"
        spec = validate(model, item, f"{file_name}: {ident}", problems, unnamed=unnamed)
        if spec is not None:
            valid.append(spec)
    return valid


def _field(error: Any, unnamed: str) -> str:
    return ".".join(str(p) for p in error.get("loc", ())) or unnamed
