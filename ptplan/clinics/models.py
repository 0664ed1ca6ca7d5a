"""The clinic: every user and every clinical row belongs to exactly one."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ptplan.db import utcnow
from ptplan.extensions import db


class Clinic(db.Model):
    __tablename__ = "clinic"
    __table_args__ = (
        CheckConstraint("default_payer_rule IN ('cms', 'ama')", name="payer_rule"),
        CheckConstraint("page_size IN ('A4', 'LETTER')", name="page_size"),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(400), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    default_payer_rule: Mapped[str] = mapped_column(String(8), default="cms")
    page_size: Mapped[str] = mapped_column(String(8), default="LETTER")
    logo_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id", use_alter=True))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Rises in every commit that changes a clinic-wide row a chart may show (a user's name, the
    # exercise library, these settings): see ptplan.patients.chart_cache.
    chart_version: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def local(self, moment: datetime | None) -> datetime | None:
        """A UTC datetime shown in the clinic's time zone."""
        return moment.astimezone(self.zone) if moment is not None else None

    def today(self):
        """Today's date where the clinic is, not where the server is."""
        return utcnow().astimezone(self.zone).date()
