"""In-process message bus: every `AgentMessage` is delivered to its subscribers.

The ledger subscribes to everything (every message is a ledger record, so a run can be
replayed); the live view subscribes to status messages. A Redis-backed bus with the
same interface comes with the scale-out workers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from myagent.protocol import AgentMessage, MessageType

Handler = Callable[[AgentMessage], None]


class MessageBus:
    """Synchronous publish/subscribe. Handlers run in publish order, in the caller's thread."""

    def __init__(self) -> None:
        self._handlers: list[tuple[str | None, Handler]] = []

    def subscribe(self, handler: Handler, recipient: str | None = None) -> None:
        """Receive every message (recipient None) or only those for `recipient`."""
        self._handlers.append((recipient, handler))

    def publish(self, message: AgentMessage) -> None:
        for recipient, handler in list(self._handlers):
            if recipient is None or recipient == message.recipient:
                handler(message)

    def send(
        self,
        type_: MessageType,
        sender: str,
        recipient: str,
        payload: dict[str, Any] | None = None,
        *,
        priority: int = 5,
        correlation_id: str | None = None,
    ) -> AgentMessage:
        """Build, publish and return one message."""
        fields: dict[str, Any] = {
            "type": type_,
            "sender": sender,
            "recipient": recipient,
            "payload": payload or {},
            "priority": priority,
        }
        if correlation_id is not None:
            fields["correlation_id"] = correlation_id
        message = AgentMessage(**fields)
        self.publish(message)
        return message
