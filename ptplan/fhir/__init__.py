"""HL7 FHIR R4 (4.0.1): the patient's record as FHIR resources, the export commands and the
read-only REST API under /fhir/r4/ with its bearer tokens."""
