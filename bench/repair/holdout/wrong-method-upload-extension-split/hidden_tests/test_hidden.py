from uploads.filetypes import check_upload, extension


def test_archives_use_the_last_extension():
    assert extension("backup.tar.gz") == "gz"


def test_dotted_directories_do_not_count():
    assert extension("C:\\Users\\ada.l\\notes") == ""
    assert extension("releases/v1.2/report.final.PNG") == "png"


def test_a_disguised_executable_is_rejected():
    assert check_upload("invoice.pdf.exe", 100) == ["file type exe is not allowed"]
