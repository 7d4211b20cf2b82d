"""How people are named: the same person under several names, in a thread and across a store."""

import pytest

from anecdata.people import People, same_person


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Lena", "lumbar_lena", True),
        ("Lena Moss", "Lena", True),
        ("Lena", "Marcus", False),
        (None, "Lena", False),
    ],
)
def test_people_same_person(a, b, same):
    assert same_person(a, b) is same


@pytest.mark.parametrize(
    ("values", "same"),
    [
        (["Marisol Quintero", "Marisol", "@Marisol"], True),
        (["greg_h", "Greg"], True),
        (["Joan", "Joan"], True),
        (["Dana Lee Whitfield", "Dana Smith"], False),
        (["Owen Brandt", "Priya"], False),
        (["Lena", "lumbar_lena"], False),  # one writer within a thread (same_person), two across a store
    ],
)
def test_people_share_one_number_per_person_across_a_store(values, same):
    people = People()
    numbers = {people.number(v) for v in values}
    assert (len(numbers) == 1) is same


NAMES = ["Marisol Quintero", "Marisol", "@Marisol", "greg_h", "Greg", "Lena", "lumbar_lena", "Lena Moss", "Dana Smith",
         "Dana Lee Whitfield", "Dana", "Owen Brandt", "@owen", "Priya"]  # fmt: skip


def test_people_numbered_as_one_are_one_person_within_a_thread_too():
    """The store's numbering is the stricter of the two: it never joins names that thread logic keeps apart."""
    people = People()
    numbers = {name: people.number(name) for name in NAMES}
    for a in NAMES:
        for b in NAMES:
            if numbers[a] == numbers[b]:
                assert same_person(a, b), (a, b)
