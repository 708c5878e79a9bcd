"""Tokens of addresses without a login: stable, unalterable, and the earlier
timestamped ones still read."""

from __future__ import annotations

from django.core import signing

from samla.core import signed

SALT = "samla.test.feed"


def test_the_same_value_gives_the_same_token_and_reads_back():
    first = signed.token_for([7, None, "owner"], SALT)

    assert signed.token_for([7, None, "owner"], SALT) == first
    assert signed.value_of(first, SALT) == [7, None, "owner"]


def test_an_altered_token_or_another_salt_reads_as_nothing():
    token = signed.token_for([7, 1], SALT)
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")

    assert signed.value_of(altered, SALT) is None
    assert signed.value_of(token, "samla.other") is None
    assert signed.value_of("", SALT) is None
    assert signed.value_of("garbage:::", SALT) is None


def test_an_address_handed_out_with_a_timestamp_still_reads():
    earlier = signing.dumps([7, 1], salt=SALT, compress=True)

    assert signed.value_of(earlier, SALT) == [7, 1]
