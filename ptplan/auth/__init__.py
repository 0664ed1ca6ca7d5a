"""Users, roles, log-in, server-side sessions and the access policy."""
