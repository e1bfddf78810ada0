from gallery.resize import fit_within, thumbnail


def test_portrait_photo():
    assert fit_within(1000, 4000, 800, 800) == (200, 800)


def test_thumbnail_of_a_panorama():
    assert thumbnail(6000, 1000) == (200, 33)
