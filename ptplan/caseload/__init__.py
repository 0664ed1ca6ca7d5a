"""The clinic manager's caseload review: dashboard, drill-down lists, exports, charts and a
scale data generator. Every figure is computed by aggregate SQL (see ``metrics``)."""
