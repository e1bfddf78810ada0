from uploads.filetypes import check_upload, content_type, extension


def test_simple_extension():
    assert extension("Invoice.PDF") == "pdf"
    assert content_type("photo.jpeg") == "image/jpeg"


def test_no_extension():
    assert extension("README") == ""
    assert extension("/home/ada/.bashrc") == ""


def test_size_limits():
    assert check_upload("data.csv", 0) == ["the file is empty"]
    assert check_upload("data.csv", 11 * 1024 * 1024) == ["the file is larger than 10 MB"]


def test_dots_in_the_name():
    assert extension("scan.2024-05-01.pdf") == "pdf"
    assert check_upload("scan.2024-05-01.pdf", 2048) == []
