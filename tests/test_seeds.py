"""The seed documents rebuilt from the library: text-exact, with the known slips corrected."""

import pytest

from conftest import REPO, output_lines, read_slips, seed_lines
from drafter import render

# seed file → the config that rebuilds it
SEED_CONFIGS = {
    "gov-party-group-party-building-2022.txt": "configs/gov-party-group-party-building-2022.yaml",
}


@pytest.mark.parametrize("seed, config", sorted(SEED_CONFIGS.items()))
def test_seed_rebuilds_exactly(seed, config):
    result = render(REPO / config, fmt="txt", draft=True)
    assert output_lines(result.data) == seed_lines(seed)


@pytest.mark.parametrize(
    "seed, wrong, right",
    [row for row in read_slips() if row[0] in SEED_CONFIGS],
    ids=lambda v: v if isinstance(v, str) and len(v) < 20 else None,
)
def test_each_known_slip_comes_out_corrected(seed, wrong, right):
    text = render(REPO / SEED_CONFIGS[seed], fmt="txt", draft=True).data.decode("utf-8")
    assert wrong not in text
    for piece in right.split("\n"):
        assert piece in text


def test_seed_blanks_are_named_parameters():
    """Every ** of the seed is a named, typed parameter left blank, not a literal **."""
    result = render(REPO / SEED_CONFIGS["gov-party-group-party-building-2022.txt"], fmt="txt", draft=True)
    names = [b.name for b in result.document.blanks()]
    assert len(names) == "".join(seed_lines("gov-party-group-party-building-2022.txt")).count("**") == 16
    assert {"地区生产总值增长率", "县名", "在职党员社区报到率", "粮食播种面积"} <= set(names)


def test_seed_numbering_restarts_in_each_section():
    lines = output_lines(render(REPO / SEED_CONFIGS["gov-party-group-party-building-2022.txt"], fmt="txt", draft=True).data)
    labels = [line.split("、")[0] + "、" if line[:1] in "一二三四五六" else line.split(".")[0] for line in lines[1:]]
    assert labels[:5] == ["一、", "1", "2", "3", "二、"]
