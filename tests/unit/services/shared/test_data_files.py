"""The one loader of the curated JSON files (question bank and trainer topics): read, parse, validate."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field

from interview_app.services.shared.data_files import read_json_files, validate, validate_items


class Item(BaseModel):
    id: str = Field(min_length=3)
    size: int


def test_files_are_read_in_name_order_and_unreadable_ones_become_problems(tmp_path: Path):
    (tmp_path / "b.json").write_text('{"x": 2}', encoding="utf-8")
    (tmp_path / "a.json").write_text("[1]", encoding="utf-8")
    (tmp_path / "c.json").write_text("{broken", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a data file", encoding="utf-8")
    problems: list[str] = []
    parsed = read_json_files(tmp_path, problems)
    assert [(p.name, data) for p, data in parsed] == [("a.json", [1]), ("b.json", {"x": 2})]
    assert len(problems) == 1 and problems[0].startswith("c.json: not readable JSON (Expecting property name")


def test_items_are_named_by_id_or_position_and_field():
    problems: list[str] = []
    items = [{"id": "one", "size": 1}, {"id": "x", "size": "big"}, "text", {"size": 2}]
    valid = validate_items(Item, items, "f.json", problems)
    assert [i.id for i in valid] == ["one"]
    assert problems == [
        "f.json: x: id: String should have at least 3 characters",
        "f.json: x: size: Input should be a valid integer, unable to parse string as an integer",
        "f.json: #2: value: Input should be a valid dictionary or instance of Item",
        "f.json: #3: id: Field required",
    ]


def test_an_error_about_the_whole_value_names_it_as_asked():
    problems: list[str] = []
    assert validate(Item, 3, "f.json: topic", problems, unnamed="") is None
    assert problems == ["f.json: topic: : Input should be a valid dictionary or instance of Item"]
