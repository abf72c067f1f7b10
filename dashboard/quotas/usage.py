"""What the usage bar and the superuser table show: how full a namespace is, against its limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from dashboard.quay.quota import Quota, QuotaLimit, QuotaReport
from dashboard.web.formatting import human_percent

UsageState = Literal["none", "ok", "warning", "reject", "over"]


@dataclass(frozen=True)
class Usage:
    used: int | None
    limit_bytes: int | None
    limits: list[QuotaLimit] = field(default_factory=list)

    @classmethod
    def of(cls, quota: Quota | None, report: QuotaReport | None) -> Usage:
        used = report.quota_bytes if report is not None else None
        if quota is None:
            limit = report.configured_quota if report is not None else None
            return cls(used, limit or None)
        return cls(used, quota.limit_bytes, quota.sorted_limits)

    @property
    def percent(self) -> float | None:
        if self.used is None or not self.limit_bytes:
            return None
        return 100.0 * self.used / self.limit_bytes

    @property
    def warning_percent(self) -> int | None:
        found = [lim.limit_percent for lim in self.limits if lim.type == "Warning"]
        return min(found) if found else None

    @property
    def reject_percent(self) -> int | None:
        found = [lim.limit_percent for lim in self.limits if lim.type == "Reject"]
        return min(found) if found else None

    @property
    def state(self) -> UsageState:
        percent = self.percent
        if percent is None:
            return "none"
        if percent >= 100:
            return "over"
        reject, warning = self.reject_percent, self.warning_percent
        if reject is not None and percent >= reject:
            return "reject"
        if warning is not None and percent >= warning:
            return "warning"
        return "ok"

    @property
    def over_a_limit(self) -> bool:
        return self.state in ("warning", "reject", "over")

    @property
    def bar_width(self) -> str:
        """The filled part of the bar, 0 to 100, for an SVG `width` (no inline styles: CSP)."""
        percent = self.percent or 0.0
        return f"{min(100.0, max(0.0, percent)):.2f}"

    @property
    def percent_label(self) -> str:
        return human_percent(self.percent)

    @property
    def state_label(self) -> str:
        return {
            "none": "No quota",
            "ok": "Within quota",
            "warning": "Past the warning limit",
            "reject": "Past the reject limit: pushes are refused",
            "over": "Over the quota",
        }[self.state]
