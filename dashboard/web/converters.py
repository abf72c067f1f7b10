"""URL path converters with Quay's naming rules, so a malformed name never reaches Quay: the
URL simply does not match, and the person gets a 404 without any upstream call.

Django decodes `%2F` before matching, and none of these admit `/`, so encoded slashes cannot
walk to another path.
"""

from __future__ import annotations

from django.urls import register_converter


class _Converter:
    regex = ""

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class NamespaceConverter(_Converter):
    # Quay user and organization names: lowercase letters, digits, and . _ - inside.
    regex = r"[a-z0-9](?:[a-z0-9._-]{0,253}[a-z0-9])?"


class RepositoryNameConverter(_Converter):
    regex = r"[a-z0-9][a-z0-9._-]{0,254}"


class TagNameConverter(_Converter):
    # Quay: ^[\w][\w.-]{0,127}$
    regex = r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}"


class DigestConverter(_Converter):
    regex = r"sha256:[0-9a-f]{64}"


class TeamNameConverter(_Converter):
    regex = r"[a-z][a-z0-9_]{1,254}"


class RobotShortnameConverter(_Converter):
    regex = r"[a-z][a-z0-9_]{1,254}"


class BuildUuidConverter(_Converter):
    # Shaped like a UUID; the recorded fixture builds (deadpork-dead-pork-...) are not hex.
    regex = r"[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}"


class HexUuidConverter(_Converter):
    # Quay's ids of app tokens, grants and notifications: UUIDs, kept as the text Quay gave
    # (Django's own `uuid` converter would hand the view a UUID object, lowercased).
    regex = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


class ClientIdConverter(_Converter):
    # An OAuth application's client id: Quay makes 20 uppercase letters and digits; imported
    # ones ("deadbeef", "quayside-sandbox") are letters, digits and - _, never more than 64.
    regex = r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}"


def register_quay_converters() -> None:
    register_converter(ClientIdConverter, "clientid")
    register_converter(NamespaceConverter, "ns")
    register_converter(RepositoryNameConverter, "repo")
    register_converter(TagNameConverter, "tag")
    register_converter(DigestConverter, "digest")
    register_converter(TeamNameConverter, "team")
    register_converter(RobotShortnameConverter, "robot")
    register_converter(BuildUuidConverter, "builduuid")
    register_converter(HexUuidConverter, "hexuuid")
