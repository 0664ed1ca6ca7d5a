"""Patient amendment requests (HIPAA §164.526, SECURITY.md NOTE-04)."""
