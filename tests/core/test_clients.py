"""Which client a request comes from: the socket's address, or behind a trusted proxy the
address the proxy forwards for — never a header a client wrote itself."""

from __future__ import annotations

import ipaddress

import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import strategies as st

from samla.core.clients import client_ip, counting_key, parse_networks

PROXIES = parse_networks(["10.0.0.5", "10.1.0.0/16"])


def test_without_a_proxy_the_socket_address_counts_and_the_header_is_ignored():
    assert client_ip("203.0.113.7", "198.51.100.1", PROXIES) == "203.0.113.7"
    assert client_ip("203.0.113.7", None, PROXIES) == "203.0.113.7"


def test_behind_a_trusted_proxy_the_forwarded_client_counts():
    assert client_ip("10.0.0.5", "203.0.113.7", PROXIES) == "203.0.113.7"


def test_what_a_client_writes_left_of_its_own_address_is_ignored():
    # The client sent "X-Forwarded-For: 198.51.100.1"; the proxy appended what it saw.
    assert client_ip("10.0.0.5", "198.51.100.1, 203.0.113.7", PROXIES) == "203.0.113.7"


def test_a_chain_of_trusted_proxies_is_walked_to_the_first_untrusted_hop():
    assert client_ip("10.0.0.5", "198.51.100.1, 203.0.113.7, 10.1.4.4", PROXIES) == ("203.0.113.7")


def test_garbage_in_the_header_falls_back_to_the_last_trusted_hop():
    assert client_ip("10.0.0.5", "nonsense", PROXIES) == "10.0.0.5"
    assert client_ip("10.0.0.5", "203.0.113.7, 10.1.4.4, <script>", PROXIES) == "10.0.0.5"


def test_only_trusted_hops_means_the_nearest_of_them():
    assert client_ip("10.0.0.5", "10.1.0.9", PROXIES) == "10.1.0.9"


def test_ports_brackets_and_mapped_addresses():
    assert client_ip("10.0.0.5", "203.0.113.7:5100", PROXIES) == "203.0.113.7"
    assert client_ip("10.0.0.5", "[2001:db8::1]:443", PROXIES) == "2001:db8::1"
    assert client_ip("::ffff:203.0.113.7", None, PROXIES) == "203.0.113.7"
    assert client_ip("", None, PROXIES) == "unknown"


def test_an_ipv6_client_counts_by_its_64_network():
    assert counting_key("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"
    assert counting_key("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert counting_key("2001:db8:1:3::1") == "2001:db8:1:3::/64"
    assert counting_key("203.0.113.7") == "203.0.113.7"


def test_a_bad_proxy_setting_is_refused():
    with pytest.raises(ImproperlyConfigured, match=r"'proxy\.example\.no' is neither"):
        parse_networks(["proxy.example.no"])


addresses = st.ip_addresses(v=4).map(str)


@given(st.lists(addresses, max_size=6), addresses)
def test_a_client_behind_no_proxy_can_never_choose_its_address(written, socket):
    """Whatever a client writes in the header, an untrusted socket address is what counts."""
    if ipaddress.ip_address(socket) in PROXIES[1] or socket == "10.0.0.5":
        return
    assert client_ip(socket, ", ".join(written), PROXIES) == socket


@given(st.lists(addresses, max_size=6), addresses)
def test_through_a_proxy_a_client_can_never_choose_an_address_but_its_own(written, own):
    """The trusted proxy appends the address it saw; anything the client wrote before it
    cannot take its place (unless the client itself is a trusted proxy's address)."""
    header = ", ".join([*written, own])
    seen = client_ip("10.0.0.5", header, PROXIES)
    if ipaddress.ip_address(own) in PROXIES[1] or own == "10.0.0.5":
        assert seen in {*written, own, "10.0.0.5"}
    else:
        assert seen == own
