"""Which address a request comes from, for counting failures per client — nothing else.

Behind a TLS proxy every request reaches the application from the proxy, and the client's
own address stands in ``X-Forwarded-For``. That header is written by whoever sends the
request, so it is believed only when the request comes from a proxy named in
``SAMLA_TRUSTED_PROXIES`` (addresses or networks). Then the header is read from the right:
each proxy appends the address it saw, so the first address from the right that is not a
trusted proxy is the client. Anything a client wrote to the left of that is ignored.

An IPv6 client is counted by its /64 network: one household or one school gets a whole
/64, and counting single addresses would give one attacker 2^64 budgets.

The address is used as a counter's key and is never stored with anything.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

IPV6_PREFIX = 64


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """``["10.0.0.5", "192.168.0.0/24"]`` → networks; a bad value is a configuration error."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"SAMLA_TRUSTED_PROXIES: {value!r} is neither an address nor a network"
            ) from error
    return tuple(networks)


def _address(value: str) -> Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 192.0.2.1:5000
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address: Address, proxies: Sequence[Network]) -> bool:
    return any(address in network for network in proxies)


def client_ip(remote_addr: str, forwarded_for: str | None, proxies: Sequence[Network]) -> str:
    """The client's address as text ("unknown" when the socket address is not one). Pure:
    the request's socket address, its X-Forwarded-For header and the trusted proxies are
    passed in."""
    address = _address(remote_addr)
    if address is None:
        return "unknown"
    if forwarded_for and _trusted(address, proxies):
        for hop in reversed(forwarded_for.split(",")):
            seen = _address(hop)
            if seen is None:
                # Garbage where a proxy should have written an address: keep the last
                # address a trusted proxy vouched for rather than guess.
                break
            address = seen
            if not _trusted(seen, proxies):
                break
    return str(address)


def counting_key(ip: str) -> str:
    """What failures are counted under: the address, or an IPv6 address's /64 network."""
    address = _address(ip)
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network(f"{address}/{IPV6_PREFIX}", strict=False))
    return ip


def request_ip(request: HttpRequest) -> str:
    """The client address of a request under this installation's trusted proxies."""
    return client_ip(
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_X_FORWARDED_FOR"),
        settings.SAMLA_TRUSTED_PROXIES,
    )
