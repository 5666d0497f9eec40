"""The bpe pair beyond its parity cases: any text hypothesis finds gives the same vocabulary
and the same ids on both sides and decodes back to itself; the textbook and fast training
forms agree on it; a vocabulary moves between the sides through state_dict."""

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from algorithms._text import RanOutOfPairs
from algorithms.bpe import framework, scratch
from algorithms.bpe.spec import prose
from parity.registry import discover

(PAIR,) = discover(names=["bpe"])
# letters, digits, spaces, line breaks, punctuation, accents, CJK and an emoji: pieces of
# every kind the patterns split, and characters of 1 to 4 UTF-8 bytes
ALPHABET = "aab  b\n\r\t.!'s09éß日本🙂"


def trained(module, text, n_merges, pattern):
    """(tokens, ids of the text) of one side, or the error it raised for a short text."""
    try:
        model = module.BPE(256 + n_merges, pattern).fit(text)
    except RanOutOfPairs as error:
        return str(error)
    ids = model.encode(text)
    assert model.decode(ids) == text, f"{module.__name__}: decode(encode(text)) != text"
    return model.state_dict()["tokens"], ids.tolist()


# any character Python's unicodedata assigns: newer ones split differently in tiktoken's Rust
# regex (README.md; test_the_shipped_tokenizer_splits_... below)
KNOWN_CHARACTERS = st.characters(exclude_categories=("Cs", "Cn"))


@given(text=st.text(alphabet=ALPHABET, min_size=1, max_size=120)
       | st.text(KNOWN_CHARACTERS, max_size=60),
       n_merges=st.integers(0, 24), pattern=st.sampled_from(["gpt2", "cl100k"]))
@example(text="aaaaaaa aaa aa", n_merges=4, pattern="gpt2")     # runs of one pair, overlapping
@example(text="ab ab cd cd", n_merges=20, pattern="gpt2")       # more merges than pairs
def test_any_text_gives_the_same_vocabulary_and_ids(text, n_merges, pattern):
    if not text:
        return
    assert trained(scratch, text, n_merges, pattern) == trained(framework, text, n_merges,
                                                                 pattern)


@given(text=st.text(alphabet=ALPHABET, min_size=1, max_size=120),
       n_merges=st.integers(1, 24))
def test_the_two_training_forms_agree(text, n_merges):
    pieces = scratch.split(text, "gpt2")
    outcomes = []
    for train in (scratch.train_merges, scratch.train_merges_weighted):
        try:
            outcomes.append(train(pieces, n_merges).tolist())
        except RanOutOfPairs as error:
            outcomes.append(str(error))
    assert outcomes[0] == outcomes[1]


def test_every_other_in_runs():
    """(a, a) merges left to right: in the run at 0..3, positions 0 and 2; at 7..8, 7."""
    at = np.array([0, 1, 2, 3, 7, 8, 10])
    assert scratch.every_other_in_runs(at).tolist() == [0, 2, 7, 10]


@pytest.mark.parametrize(("source", "target"), [(scratch, framework), (framework, scratch)])
def test_a_vocabulary_moves_between_the_sides(source, target):
    text = prose(np.random.default_rng(3))
    fitted = source.BPE(300).fit(text)
    loaded = target.BPE(300).load_state_dict(fitted.state_dict())
    assert loaded.encode(text).tolist() == fitted.encode(text).tolist()
    assert loaded.decode(fitted.encode(text)) == text


def test_a_merge_joins_pieces_of_a_character():
    """Byte-level: a CJK character is three bytes, and its pieces merge before it is whole."""
    model = scratch.BPE(258).fit("日日日日 本本")
    assert model.state_dict()["tokens"][256:] == ["日".encode()[:2], "日".encode()]
    assert model.decode([256]) == "\ufffd"                         # two bytes of three


def test_the_lesson_learns_the_same_vocabulary_on_both_sides(tmp_path, capsys):
    from algorithms.bpe.lesson import main

    corpus = tmp_path / "corpus.txt"
    corpus.write_text(prose(np.random.default_rng(0), n_words=3000), encoding="utf-8")
    same, rows = main(["--text", str(corpus), "--vocab-size", "320"])
    table = capsys.readouterr().out
    assert same
    assert "the same on both sides" in table
    assert [size for size, *_ in rows] == [256, 260, 288, 320]
    assert all(agree for *_, agree in rows)
    assert "NO" not in table
    per_token = [numpy for _, numpy, _, _ in rows]
    assert per_token[0] < per_token[1] < per_token[2] < per_token[3]   # each merge shortens


def test_the_shipped_tokenizer_splits_as_python_regex_does_over_known_unicode():
    """tiktoken trains on Python regex's split and encodes with its Rust regex: over every
    code point Python's unicodedata knows, each character class the patterns use finds the same
    characters in both (Python's regex knows later Unicode too: those differ, README.md)."""
    import sys
    import unicodedata

    import regex
    import tiktoken

    known = "".join(chr(c) for c in range(sys.maxunicode + 1)
                    if unicodedata.category(chr(c)) not in ("Cn", "Cs"))
    for character_class in (r"\p{L}", r"\p{N}", r"\s", r"[^\s\p{L}\p{N}]"):
        rust = tiktoken.Encoding(
            "classes", pat_str=character_class, special_tokens={},
            mergeable_ranks={bytes([i]): i for i in range(256)})
        found = bytes(rust.encode_ordinary(known)).decode("utf-8")
        assert found == "".join(regex.findall(character_class, known)), character_class


def test_a_piece_that_is_a_token_is_that_token_on_both_sides():
    """tiktoken's shortcut: a loaded vocabulary may hold a token its merges never reach
    ("abcd" from "ab" + "cd", while "bc" merges first); a piece that is that token encodes as
    it on both sides, and a longer piece by merging."""
    tokens = [bytes([i]) for i in range(256)] + [b"bc", b"ab", b"cd", b"abcd"]
    for module in (scratch, framework):
        model = module.BPE(260).load_state_dict({"tokens": tokens})
        assert model.encode("abcd").tolist() == [259]
        assert model.encode("abcde").tolist() == [97, 256, 100, 101]     # a (bc) d e
