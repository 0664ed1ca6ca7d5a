"""Administration pages: users, clinic settings, and the audit report (``audit_report``, on its own
``audit`` blueprint). They sit above ``ptplan.audit`` and ``ptplan.auth``, which import no page."""
