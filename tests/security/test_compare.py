"""The diff of two manifests, one category at a time, in both directions."""

from __future__ import annotations

import json

import pytest

from dashboard.quay.repositories import (
    Label,
    Layer,
    Manifest,
    Package,
    SecurityReport,
    Vulnerability,
)
from dashboard.security import compare
from dashboard.security.compare import Reference, parse_reference

DIGEST = "sha256:" + "a" * 64


# --- References ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("latest", Reference("ns", "repo", "latest")),
        (DIGEST, Reference("ns", "repo", digest=DIGEST)),
        (f"latest@{DIGEST}", Reference("ns", "repo", "latest", DIGEST)),
        ("other/app:v1", Reference("other", "app", "v1")),
        (f"other/app@{DIGEST}", Reference("other", "app", digest=DIGEST)),
        (f"other/app:v1@{DIGEST}", Reference("other", "app", "v1", DIGEST)),
        ("  v1.2_rc-3  ", Reference("ns", "repo", "v1.2_rc-3")),
    ],
)
def test_a_reference_is_a_tag_a_digest_or_both_in_any_repository(
    text: str, expected: Reference
) -> None:
    assert parse_reference(text, "ns", "repo") == expected


@pytest.mark.parametrize(
    "text",
    ["", "other/app", "../x", "a b", "sha256:abc", f"latest{DIGEST}", "Other/app:v1", ".hidden",
     "x" * 700, "other/app:", "@sha256:zz"],
)  # fmt: skip
def test_anything_else_is_no_reference(text: str) -> None:
    assert parse_reference(text, "ns", "repo") is None


def test_a_reference_names_itself_short_within_its_repository() -> None:
    here = "ns/repo"
    assert Reference("ns", "repo", "v1", DIGEST).label(here) == "v1"
    assert Reference("ns", "repo", digest=DIGEST).label(here) == "sha256:aaaaaaaaaaaa"
    assert Reference("o", "app", "v1", DIGEST).label(here) == "o/app:v1"
    assert Reference("ns", "repo", "v1", DIGEST).query(here) == f"v1@{DIGEST}"
    assert Reference("o", "app", "v1", DIGEST).query(here) == f"o/app:v1@{DIGEST}"
    assert Reference("o", "app", digest=DIGEST).query(here) == f"o/app@{DIGEST}"
    for ref in (Reference("o", "app", "v1", DIGEST), Reference("ns", "repo", digest=DIGEST)):
        assert parse_reference(ref.query(here), "ns", "repo") == ref


# --- Vulnerabilities ----------------------------------------------------------------------


def vuln(name: str, severity: str, package: str = "p", fixed: str = "") -> Vulnerability:
    return Vulnerability(name, severity, package, "1.0", fixed, "", "")


def report(*vulns: Vulnerability, packages: tuple[Package, ...] = ()) -> SecurityReport:
    return SecurityReport("scanned", list(vulns), list(packages))


def test_vulnerabilities_fixed_introduced_and_unchanged_by_severity() -> None:
    old = report(vuln("CVE-1", "Critical"), vuln("CVE-2", "High"), vuln("CVE-3", "Low"))
    new = report(vuln("CVE-2", "High"), vuln("CVE-4", "High"), vuln("CVE-5", "Medium"))
    diff = compare.diff_vulnerabilities(old, new)
    assert [v.name for v in diff.fixed] == ["CVE-1", "CVE-3"]
    assert [v.name for v in diff.introduced] == ["CVE-4", "CVE-5"]
    assert [v.name for v in diff.unchanged] == ["CVE-2"]
    assert diff.fixed_counts == {"Critical": 1, "Low": 1}
    assert diff.introduced_counts == {"High": 1, "Medium": 1}
    assert diff.unchanged_counts == {"High": 1}
    back = compare.diff_vulnerabilities(new, old)
    assert [v.name for v in back.fixed] == ["CVE-4", "CVE-5"]
    assert [v.name for v in back.introduced] == ["CVE-1", "CVE-3"]


def test_the_same_advisory_in_another_package_is_another_vulnerability() -> None:
    diff = compare.diff_vulnerabilities(
        report(vuln("CVE-1", "High", "openssl")), report(vuln("CVE-1", "High", "libssl"))
    )
    assert [v.package for v in diff.fixed] == ["openssl"]
    assert [v.package for v in diff.introduced] == ["libssl"]
    assert diff.unchanged == []


# --- Packages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lower", "higher"),
    [
        ("1.2.9", "1.2.10"),
        ("1.1.1d-0+deb10u2", "1.1.1d-0+deb10u7"),
        ("2.0", "1:1.0"),  # an epoch outranks everything after it
        ("1:1.2.11.dfsg-1", "1:1.2.11.dfsg-1+deb10u1"),
        ("7.64.0-4", "7.88.1-10"),
    ],
)
def test_versions_order_numerically_with_epochs(lower: str, higher: str) -> None:
    assert compare.version_key(lower) < compare.version_key(higher)


def test_packages_added_removed_upgraded_and_downgraded() -> None:
    old = [Package("zlib", "1.2.11"), Package("tar", "1.30"), Package("bash", "5.0"),
           Package("ca", "2020u2")]  # fmt: skip
    new = [Package("zlib", "1.2.13"), Package("curl", "7.64"), Package("bash", "5.0"),
           Package("ca", "2020u1")]  # fmt: skip
    diff = compare.diff_packages(old, new)
    assert diff.added == [Package("curl", "7.64")]
    assert diff.removed == [Package("tar", "1.30")]
    assert diff.upgraded == [compare.Change("zlib", "1.2.11", "1.2.13")]
    assert diff.downgraded == [compare.Change("ca", "2020u2", "2020u1")]
    assert diff.unchanged == 1
    back = compare.diff_packages(new, old)
    assert back.added == [Package("tar", "1.30")] and back.removed == [Package("curl", "7.64")]
    assert back.upgraded == [compare.Change("ca", "2020u1", "2020u2")]
    assert back.downgraded == [compare.Change("zlib", "1.2.13", "1.2.11")]


def test_a_package_in_several_versions_compares_its_newest() -> None:
    diff = compare.diff_packages(
        [Package("py", "3.9"), Package("py", "3.11")], [Package("py", "3.11")]
    )
    assert (diff.upgraded, diff.downgraded, diff.unchanged) == ([], [], 1)


def test_packages_come_from_every_feature_of_the_report() -> None:
    body = {
        "status": "scanned",
        "data": {"Layer": {"Features": [
            {"Name": "bash", "Version": "5.0", "Vulnerabilities": []},
            {"Name": "zlib", "Version": "1.2", "Vulnerabilities": [
                {"Name": "CVE-1", "Severity": "High", "FixedBy": "1.3"}]},
        ]}},
    }  # fmt: skip
    parsed = SecurityReport.from_api(body)
    assert parsed.packages == [Package("bash", "5.0"), Package("zlib", "1.2")]
    assert SecurityReport.from_api({"status": "queued", "data": None}).packages == []


# --- Layers -------------------------------------------------------------------------------


def image(*layers: tuple[str, int]) -> Manifest:
    return Manifest(
        digest=DIGEST,
        is_manifest_list=False,
        media_type="",
        config_media_type=None,
        size=None,
        layers=[Layer(i, blob, size) for i, (blob, size) in enumerate(layers)],
        children=[],
    )


def test_layers_shared_added_removed_with_the_size_change() -> None:
    old = image(("base", 1000), ("deps", 300), ("app", 50))
    new = image(("base", 1000), ("deps2", 500), ("app2", 60), ("extra", 5))
    diff = compare.diff_layers(old, new)
    assert [layer.blob_digest for layer in diff.shared] == ["base"]
    assert [layer.blob_digest for layer in diff.added] == ["deps2", "app2", "extra"]
    assert [layer.blob_digest for layer in diff.removed] == ["deps", "app"]
    assert (diff.shared_size, diff.added_size, diff.removed_size) == (1000, 565, 350)
    assert (diff.size_before, diff.size_after, diff.size_change) == (1350, 1565, 215)
    back = compare.diff_layers(new, old)
    assert [layer.blob_digest for layer in back.added] == ["deps", "app"]
    assert back.size_change == -215


# --- Labels -------------------------------------------------------------------------------


def label(key: str, value: str) -> Label:
    return Label(key, key, value, "manifest", "text/plain")


def test_labels_added_removed_and_changed() -> None:
    old = [label("version", "1.0"), label("stage", "qa"), label("owner", "ops")]
    new = [label("version", "1.1"), label("release", "stable"), label("owner", "ops")]
    diff = compare.diff_labels(old, new)
    assert [lb.key for lb in diff.added] == ["release"]
    assert [lb.key for lb in diff.removed] == ["stage"]
    assert diff.changed == [compare.Change("version", "1.0", "1.1")]
    assert diff.unchanged == 1 and not diff.empty
    back = compare.diff_labels(new, old)
    assert [lb.key for lb in back.added] == ["stage"]
    assert back.changed == [compare.Change("version", "1.1", "1.0")]
    assert compare.diff_labels(old, old).empty


# --- Manifest lists -----------------------------------------------------------------------


def manifest_list(*platforms: tuple[str, str]) -> Manifest:
    document = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",
        "manifests": [
            {
                "digest": digest,
                "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                "size": 527,
                "platform": {"os": "linux", "architecture": arch},
            }
            for arch, digest in platforms
        ],
    }
    return Manifest.from_api(
        {"digest": DIGEST, "is_manifest_list": True, "manifest_data": json.dumps(document)}
    )


def test_platforms_added_removed_and_compared_each_on_its_own() -> None:
    old = manifest_list(("amd64", "sha256:1"), ("arm", "sha256:2"), ("s390x", "sha256:3"))
    new = manifest_list(("amd64", "sha256:4"), ("arm", "sha256:2"), ("ppc64le", "sha256:5"))
    diff = compare.diff_platforms(old, new)
    assert [c.platform for c in diff.added] == ["linux/ppc64le"]
    assert [c.platform for c in diff.removed] == ["linux/s390x"]
    assert [(p.platform, p.before.digest, p.after.digest, p.same) for p in diff.common] == [
        ("linux/amd64", "sha256:1", "sha256:4", False),
        ("linux/arm", "sha256:2", "sha256:2", True),
    ]
    back = compare.diff_platforms(new, old)
    assert [c.platform for c in back.added] == ["linux/s390x"]
    assert [c.platform for c in back.removed] == ["linux/ppc64le"]
