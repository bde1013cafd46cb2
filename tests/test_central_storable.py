"""The push body's storability read off the raw bytes agrees with the full walk (issue 15).

``_plainly_storable`` is a fast path: it may only say True where ``_storable`` says True (a
False sends the body to the walk, which decides).
"""

from __future__ import annotations

import json

import pytest

from ars_tui.central.app import (
    MAX_JSON_DEPTH,
    ApiError,
    _parse_push,
    _plainly_storable,
    _storable,
)

BODIES = [
    b'{"ops":[]}',
    json.dumps({"ops": [{"fields": {"nom": "Léa", "note": "crochet [ et { ouvert"}}]}).encode(),
    json.dumps({"a": "Dos d'Âne"}, ensure_ascii=False).encode(),
    b'{"a":"\\ud800"}',  # a lone surrogate, escaped
    b'{"a":"\\ud83d\\ude00"}',  # a valid pair: the walk decides
    b'{"a":"\\\\ud800"}',  # an escaped backslash then plain text
    b'{"a":"\\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}',  # brackets inside a string
    ("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH).encode(),
    ("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1)).encode(),
    ('{"a":' * MAX_JSON_DEPTH + "1" + "}" * MAX_JSON_DEPTH).encode(),
    ('{"a":' * (MAX_JSON_DEPTH + 1) + "1" + "}" * (MAX_JSON_DEPTH + 1)).encode(),
    '{"a":"\ud800"}'.encode("utf-8", "surrogatepass"),  # an encoded surrogate, not UTF-8
    ('[{"a":' * (MAX_JSON_DEPTH // 2) + "1" + "}]" * (MAX_JSON_DEPTH // 2)).encode(),
    ('[{"a":' * (MAX_JSON_DEPTH // 2) + "[1]" + "}]" * (MAX_JSON_DEPTH // 2)).encode(),
    b'"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["',  # a bare string
    b"[1,2,[3,{},[]]]",
]


@pytest.mark.parametrize("raw", BODIES)
def test_the_fast_check_never_accepts_what_the_walk_refuses(raw: bytes) -> None:
    payload = json.loads(raw)
    walked = _storable(payload)
    if _plainly_storable(raw, payload):
        assert walked
    if walked and b"\\u" not in raw:
        assert _plainly_storable(raw, payload)  # the common case takes the fast path


def test_a_body_too_deep_or_with_a_lone_surrogate_is_still_refused() -> None:
    for raw in (BODIES[3], BODIES[8], BODIES[10], BODIES[11]):
        with pytest.raises(ApiError) as refused:
            _parse_push(raw)
        assert refused.value.status == 400
