"""The clinic manager's caseload review: dashboard, drill-down lists, exports and charts.
Every figure is computed by aggregate SQL (see ``metrics``)."""
