from gallery.resize import aspect_ratio, fit_within, thumbnail


def test_small_images_are_not_upscaled():
    assert fit_within(100, 50, 800, 800) == (100, 50)


def test_landscape_photo():
    assert fit_within(4000, 3000, 800, 800) == (800, 600)


def test_aspect_ratio():
    assert aspect_ratio(1920, 1080) == "16:9"


def test_small_thumbnail():
    assert thumbnail(120, 90) == (120, 90)
