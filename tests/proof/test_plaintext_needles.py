"""What the plaintext campaign looks for: every form a personal string may take, and no
fragment ordinary files hold anyway."""

from tests.conftest import PASSPHRASE
from tests.proof.plaintext import found


def test_a_passphrase_is_found_typed_into_a_form_or_an_address():
    for sent in (b"passphrase=correct+horse+battery+staple&x=1",
                 b"/unlock?p=correct%20horse%20battery%20staple", PASSPHRASE.encode("utf-16-le")):
        assert found(sent, [PASSPHRASE]), sent


def test_one_word_of_an_ascii_passphrase_alone_is_no_hit():
    # Python's own _strptime bytecode holds "correction": it holds no secret.
    assert found(b"iso_weekday\xda\ncorrection\xda\x07ordinals", [PASSPHRASE]) == []


def test_a_name_with_accents_is_found_by_its_ascii_word_when_they_are_escaped_otherwise():
    assert found(b"Br&ucirc;lerie Xylophage", ["Brûlerie Xylophage"])
