"""Records in and out beyond FHIR's wire format: patient import for onboarding (CSV or FHIR
Patient NDJSON) and the patient's own copy of the record (HIPAA §164.524)."""
