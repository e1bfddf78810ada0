from myagent.bus import MessageBus
from myagent.protocol import AgentMessage, MessageType


def test_messages_reach_all_and_addressed_subscribers():
    bus = MessageBus()
    everything: list[AgentMessage] = []
    coder: list[AgentMessage] = []
    bus.subscribe(everything.append)
    bus.subscribe(coder.append, recipient="coder")
    sent = bus.send(MessageType.TASK, "coordinator", "coder", {"kind": "lint_fix"}, priority=7)
    bus.send(MessageType.STATUS, "director", "observer")
    assert [m.recipient for m in everything] == ["coder", "observer"]
    assert coder == [sent]
    assert sent.priority == 7 and sent.payload == {"kind": "lint_fix"}
    assert len(sent.correlation_id) == 12


def test_correlation_id_is_kept():
    bus = MessageBus()
    message = bus.send(MessageType.RESULT, "coder", "coordinator", correlation_id="task-1")
    assert message.correlation_id == "task-1"
