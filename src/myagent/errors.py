"""One error tree for MyAgent.

Errors caused by the user's input (config, paths, flags) are `UserError` and end the
command with exit code 2 and one line. Errors caused by a model or by the user's
project are data, recorded in the ledger, and never raised through the loop.
"""


class MyAgentError(Exception):
    """Root of every error MyAgent raises on purpose."""


class UserError(MyAgentError):
    """Bad input from the user: a broken config, a bad path, a bad flag (exit code 2)."""


class ConfigError(UserError):
    """A `myagent.toml` key or a `MYAGENT_*` variable is unknown or has a bad value."""


class NotAGitRepositoryError(UserError):
    """The project folder is not inside a git work tree."""


class SandboxError(MyAgentError):
    """The sandbox cannot run at all (bubblewrap missing, bad mount, bad uid)."""


class UnsafePathError(SandboxError):
    """A path would escape the workspace (traversal, absolute path, symlink)."""


class StorageError(MyAgentError):
    """The ledger database cannot be opened or migrated."""


class GitError(MyAgentError):
    """A git command MyAgent needs failed."""
