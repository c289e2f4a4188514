"""The detector the browser tests use to fail on English on a Vietnamese screen."""

from tieng_viet import foreign_words


def test_vietnamese_sentences_pass():
    text = ("Máy chủ của bạn đang khởi động, thường mất dưới một phút. Khi xong, trang sẽ tự chuyển vào "
            "JupyterLab; bạn không cần bấm gì. Nghiêng, khuya, khuỷu, người, đường, quyển, giếng, thuở, "
            "Bài tập bt00: 3/5 điểm. Đăng xuất. Tắt máy chủ của tôi.")
    assert foreign_words(text) == []


def test_english_interface_words_are_found():
    text = "Stop My Server · Start · Home · Token · Logout · Submit · Fetch Feedback · Validate · OK · Error"
    # "My" is also a Vietnamese syllable (mỹ), so it passes.
    assert foreign_words(text) == ["Stop", "Server", "Start", "Home", "Token", "Logout", "Submit",
                                   "Fetch", "Feedback", "Validate", "OK", "Error"]


def test_names_can_be_allowed():
    assert foreign_words("Mở ngshare trong Kubernetes", allowed={"ngshare", "Kubernetes"}) == []
    assert foreign_words("Mở ngshare trong Kubernetes") == ["ngshare", "Kubernetes"]
