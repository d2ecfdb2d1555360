"""The SHA-256 of texts kept per process (scripts/text_digest.py)."""

from __future__ import annotations

import hashlib

import pytest

from scripts import text_digest


def test_a_text_digest_is_the_sha256_of_its_utf8_bytes() -> None:
    for text in ["", "ascii", "Ҳуқуқҳои шумо — права", "lone \udc80 surrogate"]:
        assert text_digest.sha256_hex(text) == \
            hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def test_a_text_hashed_before_is_not_hashed_again(monkeypatch: pytest.MonkeyPatch) -> None:
    hashed: list[bytes] = []
    sha256 = hashlib.sha256

    def counting(data: bytes) -> hashlib._Hash:
        hashed.append(data)
        return sha256(data)

    monkeypatch.setattr(text_digest.hashlib, "sha256", counting)
    page = "Саҳифаи нав " * 1000 + "7f3a"
    first = text_digest.sha256_hex(page)
    again = text_digest.sha256_hex("".join(["Саҳифаи нав " * 1000, "7f3a"]))  # equal, not the same
    assert again == first and len(hashed) == 1
    assert text_digest.sha256_hex(page + ".") != first and len(hashed) == 2


def test_the_digests_kept_are_bounded_and_stay_right(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_digest, "LIMIT", 4)
    monkeypatch.setattr(text_digest, "_newer", {})
    monkeypatch.setattr(text_digest, "_older", {})
    texts = [f"page {i}" for i in range(20)]
    for text in texts * 2:
        assert text_digest.sha256_hex(text) == hashlib.sha256(text.encode()).hexdigest()
    assert len(text_digest._newer) <= 4 and len(text_digest._older) <= 4
    assert texts[-1] in text_digest._newer and texts[0] not in {**text_digest._newer, **text_digest._older}
