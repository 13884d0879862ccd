class DomainError(Exception):
    """A business rule refused an action. The message is translated and shown to the user.

    `field` names the form field or row the message is about, when there is one.
    """

    def __init__(self, message, *, field: str | None = None, errors: list | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.errors = errors or [message]
