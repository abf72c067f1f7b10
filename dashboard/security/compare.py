"""What changed between two manifests: vulnerabilities, packages, layers, labels, platforms.

Everything here is computed from what Quay already returned (two manifests, two security
reports, two label lists); nothing calls Quay. "From" is the older side: a vulnerability in
"from" and not in "to" was fixed, one in "to" only was introduced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dashboard.quay.repositories import (
    SEVERITIES,
    ChildManifest,
    Label,
    Layer,
    Manifest,
    Package,
    SecurityReport,
    Vulnerability,
)
from dashboard.web.converters import (
    DigestConverter,
    NamespaceConverter,
    RepositoryNameConverter,
    TagNameConverter,
)
from dashboard.web.formatting import short_digest

# A reference as a person writes it: [namespace/repository][:tag | tag][@digest].
REFERENCE = re.compile(
    rf"^(?:(?P<namespace>{NamespaceConverter.regex})/(?P<name>{RepositoryNameConverter.regex})"
    rf"(?::(?P<qualified_tag>{TagNameConverter.regex}))?"
    rf"|(?P<tag>{TagNameConverter.regex}))?"
    rf"(?:@?(?P<digest>{DigestConverter.regex}))?$"
)


@dataclass(frozen=True)
class Reference:
    namespace: str
    name: str
    tag: str = ""
    digest: str = ""

    @property
    def repository(self) -> str:
        return f"{self.namespace}/{self.name}"

    def label(self, here: str) -> str:
        """How the page names this side: the repository only when it is not the page's, a
        digest shortened (the page links the whole of it)."""
        prefix = "" if self.repository == here else self.repository
        if self.tag:
            return f"{prefix}:{self.tag}" if prefix else self.tag
        digest = short_digest(self.digest)
        return f"{prefix}@{digest}" if prefix else digest

    def query(self, here: str) -> str:
        """The reference as a `from`/`to` parameter, carrying the digest when known."""
        prefix = "" if self.repository == here else self.repository
        text = f"{prefix}:{self.tag}" if prefix and self.tag else (prefix or self.tag)
        if self.digest:
            text = f"{text}@{self.digest}" if text else self.digest
        return text


def parse_reference(text: str, namespace: str, name: str) -> Reference | None:
    """`latest`, `sha256:…`, `latest@sha256:…`, `ns/repo:tag`, `ns/repo@sha256:…`; None when
    the text is none of these (it is then never sent to Quay)."""
    text = text.strip()
    if not text or len(text) > 600:
        return None
    # "sha256:…" alone would also read as the tag "sha256" with a bad suffix: digests first.
    if re.fullmatch(DigestConverter.regex, text):
        return Reference(namespace, name, digest=text)
    match = REFERENCE.match(text)
    if match is None:
        return None
    parts = match.groupdict()
    if parts["digest"] and (parts["tag"] or parts["namespace"]) and "@" not in text:
        return None  # "latestsha256:…": a digest follows a name only after "@"
    if parts["namespace"]:
        if not (parts["qualified_tag"] or parts["digest"]):
            return None
        return Reference(
            parts["namespace"], parts["name"], parts["qualified_tag"] or "", parts["digest"] or ""
        )
    if not (parts["tag"] or parts["digest"]):
        return None
    return Reference(namespace, name, parts["tag"] or "", parts["digest"] or "")


# --- Vulnerabilities ------------------------------------------------------------------------


def _by_severity(items: list[Vulnerability]) -> dict[str, int]:
    counts = {severity: 0 for severity in SEVERITIES}
    for item in items:
        counts[item.severity] += 1
    return {severity: n for severity, n in counts.items() if n}


@dataclass(frozen=True)
class VulnerabilityDiff:
    fixed: list[Vulnerability]
    introduced: list[Vulnerability]
    unchanged: list[Vulnerability]

    @property
    def fixed_counts(self) -> dict[str, int]:
        return _by_severity(self.fixed)

    @property
    def introduced_counts(self) -> dict[str, int]:
        return _by_severity(self.introduced)

    @property
    def unchanged_counts(self) -> dict[str, int]:
        return _by_severity(self.unchanged)


def diff_vulnerabilities(before: SecurityReport, after: SecurityReport) -> VulnerabilityDiff:
    """A vulnerability is the same one when its advisory and its package are."""

    def key(v: Vulnerability) -> tuple[str, str]:
        return (v.name, v.package)

    old = {key(v): v for v in before.vulnerabilities}
    new = {key(v): v for v in after.vulnerabilities}
    return VulnerabilityDiff(
        fixed=[v for k, v in old.items() if k not in new],
        introduced=[v for k, v in new.items() if k not in old],
        unchanged=[v for k, v in new.items() if k in old],
    )


# --- Packages -------------------------------------------------------------------------------


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key for package versions: the epoch (`1:`) first, then runs of digits as numbers
    and everything else as text, so 1.2.10 > 1.2.9 and deb10u7 > deb10u2."""
    epoch, _, rest = version.partition(":") if re.match(r"^\d+:", version) else ("0", "", version)
    parts: list[tuple[int, int | str]] = [(0, int(epoch))]
    for number, text in re.findall(r"(\d+)|([^\d]+)", rest):
        parts.append((0, int(number)) if number else (1, text))
    return tuple(parts)


@dataclass(frozen=True)
class Change:
    """A package's version or a label's value, before and after: what both diffs report."""

    name: str
    before: str
    after: str


@dataclass(frozen=True)
class PackageDiff:
    added: list[Package]
    removed: list[Package]
    upgraded: list[Change]
    downgraded: list[Change]
    unchanged: int


def diff_packages(before: list[Package], after: list[Package]) -> PackageDiff:
    """Packages by name; a name installed in several versions compares its newest."""

    def newest(packages: list[Package]) -> dict[str, str]:
        found: dict[str, str] = {}
        for p in packages:
            if p.name not in found or version_key(p.version) > version_key(found[p.name]):
                found[p.name] = p.version
        return found

    old, new = newest(before), newest(after)
    upgraded, downgraded = [], []
    unchanged = 0
    for name in sorted(old.keys() & new.keys()):
        if old[name] == new[name]:
            unchanged += 1
        elif version_key(new[name]) > version_key(old[name]):
            upgraded.append(Change(name, old[name], new[name]))
        else:
            downgraded.append(Change(name, old[name], new[name]))
    return PackageDiff(
        added=[Package(n, new[n]) for n in sorted(new.keys() - old.keys())],
        removed=[Package(n, old[n]) for n in sorted(old.keys() - new.keys())],
        upgraded=upgraded,
        downgraded=downgraded,
        unchanged=unchanged,
    )


# --- Layers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LayerDiff:
    shared: list[Layer]
    added: list[Layer]
    removed: list[Layer]
    size_before: int
    size_after: int

    @property
    def size_change(self) -> int:
        return self.size_after - self.size_before

    @staticmethod
    def total(layers: list[Layer]) -> int:
        return sum(layer.compressed_size or 0 for layer in layers)

    @property
    def added_size(self) -> int:
        return self.total(self.added)

    @property
    def removed_size(self) -> int:
        return self.total(self.removed)

    @property
    def shared_size(self) -> int:
        return self.total(self.shared)


def diff_layers(before: Manifest, after: Manifest) -> LayerDiff:
    """Layers are the same when their blob is: a shared base image shows as shared layers."""
    old = {layer.blob_digest for layer in before.layers}
    new = {layer.blob_digest for layer in after.layers}
    return LayerDiff(
        shared=[layer for layer in after.layers if layer.blob_digest in old],
        added=[layer for layer in after.layers if layer.blob_digest not in old],
        removed=[layer for layer in before.layers if layer.blob_digest not in new],
        size_before=LayerDiff.total(before.layers),
        size_after=LayerDiff.total(after.layers),
    )


# --- Labels ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelDiff:
    added: list[Label]
    removed: list[Label]
    changed: list[Change]
    unchanged: int

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def diff_labels(before: list[Label], after: list[Label]) -> LabelDiff:
    old = {label.key: label for label in before}
    new = {label.key: label for label in after}
    changed = [
        Change(key, old[key].value, new[key].value)
        for key in sorted(old.keys() & new.keys())
        if old[key].value != new[key].value
    ]
    return LabelDiff(
        added=[new[key] for key in sorted(new.keys() - old.keys())],
        removed=[old[key] for key in sorted(old.keys() - new.keys())],
        changed=changed,
        unchanged=len(old.keys() & new.keys()) - len(changed),
    )


# --- Manifest lists -------------------------------------------------------------------------


@dataclass(frozen=True)
class PlatformPair:
    platform: str
    before: ChildManifest
    after: ChildManifest

    @property
    def same(self) -> bool:
        return self.before.digest == self.after.digest


@dataclass(frozen=True)
class PlatformDiff:
    added: list[ChildManifest]
    removed: list[ChildManifest]
    common: list[PlatformPair] = field(default_factory=list)


def diff_platforms(before: Manifest, after: Manifest) -> PlatformDiff:
    old = {child.platform: child for child in before.children}
    new = {child.platform: child for child in after.children}
    return PlatformDiff(
        added=[child for child in after.children if child.platform not in old],
        removed=[child for child in before.children if child.platform not in new],
        common=[
            PlatformPair(child.platform, old[child.platform], child)
            for child in after.children
            if child.platform in old
        ],
    )
