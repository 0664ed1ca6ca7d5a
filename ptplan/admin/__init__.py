"""User administration and clinic settings."""
