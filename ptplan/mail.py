"""Outgoing e-mail through a real SMTP client (smtplib), configured by the ``MAIL_*`` settings.

Without ``MAIL_SERVER`` nothing is sent: development writes the message to the app log
instead (``MAIL_LOG_WHEN_UNCONFIGURED``), production does not (links are secrets, LOG-01).
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from flask import current_app


class MailNotSent(Exception):
    """The SMTP server refused or could not be reached; the message says why, without secrets."""


def is_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def send_mail(to: str, subject: str, body: str) -> bool:
    """Send one plain-text message. True when handed to SMTP; False when mail is not configured."""
    config = current_app.config
    if not is_configured():
        if config.get("MAIL_LOG_WHEN_UNCONFIGURED"):
            current_app.logger.info("Mail not configured; message to %r: %s\n%s", to, subject, body)
        return False
    message = EmailMessage()
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    host, port = config["MAIL_SERVER"], int(config["MAIL_PORT"])
    try:
        if config.get("MAIL_USE_SSL"):
            client = smtplib.SMTP_SSL(host, port, timeout=10, context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(host, port, timeout=10)
        with client:
            if config.get("MAIL_USE_TLS") and not config.get("MAIL_USE_SSL"):
                client.starttls(context=ssl.create_default_context())
            if config.get("MAIL_USERNAME"):
                client.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as problem:
        raise MailNotSent(f"{type(problem).__name__} from {host}:{port}") from None
    return True
