"""Every page of the plans blueprint, gathered for the app factory (which imports ``bp`` from here).

Each views module registers its routes on ``ptplan.plans.blueprint.bp`` when imported.
"""

from __future__ import annotations

from ptplan.plans import views, views_authorship, views_exercises, views_lifecycle, views_templates
from ptplan.plans.blueprint import bp

__all__ = ["bp", "views", "views_authorship", "views_exercises", "views_lifecycle", "views_templates"]
