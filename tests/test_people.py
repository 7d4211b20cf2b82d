"""How people are named: the same person under several names, and unsigned writers kept apart."""

import pytest

from anecdata.people import same_person


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Lena", "lumbar_lena", True),
        ("Lena Moss", "Lena", True),
        ("Lena", "Marcus", False),
        (None, "Lena", False),
        ("writer of post 2", "writer of post 2", True),
        ("writer of post 2", "writer of post 3", False),  # unsigned posts are each their own writer
        ("writer of post 2", "post_writer", False),
    ],
)
def test_people_same_person(a, b, same):
    assert same_person(a, b) is same
