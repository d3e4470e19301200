"""Mail when no mail server is set (issue 11, item 9): nothing personal in the server log.

Without ``ZORGZAAM_EMAIL_HOST`` (SMTP) or ``ZORGZAAM_EMAIL_FILE_PATH`` (files), mail is not sent and
:class:`NotSentBackend` logs only *that* a message was not sent — never its recipient, subject or body (an
invitation or password-reset link in the log would let anyone who reads the log in). The screens that send
mail ask :func:`mail_is_sent` and tell the person to pass the link on by hand. ``ZORGZAAM_EMAIL_CONSOLE=1``
prints mails on the console, for a developer's own machine only."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

from zorgzaam.messages import gettext_noop, register

log = logging.getLogger("zorgzaam.mail")
NOT_SENT_BACKEND = "zorgzaam.web.mail.NotSentBackend"

register({
    "mail_not_sent_invitation": gettext_noop(
        "De uitnodiging is niet gemaild: op deze installatie is geen mailserver ingesteld. Kopieer de "
        "uitnodigingslink hieronder en bezorg hem zelf aan de persoon (bijvoorbeeld in een eigen e-mail)."),
})


class NotSentBackend(BaseEmailBackend):
    """Sends nothing; logs one line per call with the number of messages, nothing about them."""

    def send_messages(self, email_messages) -> int:
        count = len(list(email_messages or []))
        if count:
            log.warning("%s e-mail(s) not sent: no mail server is set (ZORGZAAM_EMAIL_HOST or "
                        "ZORGZAAM_EMAIL_FILE_PATH)", count)
        return 0


def mail_is_sent() -> bool:
    """Whether mail leaves this installation (or is written to files), i.e. a person will receive it."""
    return settings.EMAIL_BACKEND != NOT_SENT_BACKEND
