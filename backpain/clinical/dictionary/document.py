"""Between stored columns and the findings document: a section's columns with their paths
(`motor_l5_left` <-> `exam.motor.L5.left`), and a row of stored values as the nested section
the engine reads (grids as maps of the examined keys, signs as left/right pairs, questionnaires
as lists)."""

from collections.abc import Mapping
from typing import Any

from .kinds import Finding, Grid, ItemList
from .roots import SIDES, grid_column, side_column


def column_paths(items: tuple[Any, ...]) -> list[tuple[str, str]]:
    """(column, path) of every stored answer of the declarations, in declaration order."""
    pairs: list[tuple[str, str]] = []
    for item in items:
        if isinstance(item, Grid):
            pairs += [(grid_column(item.prefix, key, side), f"{item.path}.{key}.{side}")
                      for key in item.keys for side in SIDES]
        elif isinstance(item, ItemList):
            pairs += [(item.column(n), f"{item.path}.{n}")
                      for n in range(1, len(item.items) + 1)]
        elif item.sided:
            pairs += [(side_column(item.name, side), f"{item.path}.{side}") for side in SIDES]
        else:
            pairs.append((item.name, item.path))
    return pairs


def nested(items: tuple[Any, ...], row: Mapping[str, Any]) -> dict[str, Any]:
    """A section of the findings document from its stored columns. A grid holds only the keys
    examined on either side, and a pair with neither side examined is None: absent means not
    examined."""
    section: dict[str, Any] = {}
    for item in items:
        if isinstance(item, Grid):
            pairs = {key: {side: row.get(grid_column(item.prefix, key, side)) for side in SIDES}
                     for key in item.keys}
            section[item.name] = {key: pair for key, pair in pairs.items()
                                  if any(value is not None for value in pair.values())}
        elif isinstance(item, ItemList):
            section[item.name] = [row.get(item.column(n))
                                  for n in range(1, len(item.items) + 1)]
        elif isinstance(item, Finding) and item.sided:
            pair = {side: row.get(side_column(item.name, side)) for side in SIDES}
            section[item.name] = pair if any(v is not None for v in pair.values()) else None
        else:
            section[item.name] = row.get(item.name)
    return section
