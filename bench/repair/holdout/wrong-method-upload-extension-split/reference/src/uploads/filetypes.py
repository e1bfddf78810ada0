"""Checking uploaded file names and sizes against what the site accepts."""

ALLOWED = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "csv": "text/csv",
    "gz": "application/gzip",
}


def extension(filename: str) -> str:
    """The lower-cased part after the last dot of the base name, or '' when there is none."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    if "." not in name.strip("."):
        return ""
    return name.rsplit(".", 1)[1].lower()


def content_type(filename: str) -> str | None:
    return ALLOWED.get(extension(filename))


def check_upload(filename: str, size: int, max_bytes: int = 10 * 1024 * 1024) -> list[str]:
    """Reasons to reject the upload (an empty list when it is fine)."""
    problems = []
    if content_type(filename) is None:
        problems.append(f"file type {extension(filename) or '(none)'} is not allowed")
    if size <= 0:
        problems.append("the file is empty")
    elif size > max_bytes:
        problems.append(f"the file is larger than {max_bytes // (1024 * 1024)} MB")
    return problems
