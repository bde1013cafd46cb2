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
    _parse_plain_push,
    _parse_push,
    _plainly_storable,
    _storable,
)
from ars_tui.protocol import MAX_OPS_PER_PUSH, PushRequest

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


# --- the one-pass parse of a push (issue 15) ------------------------------------------------------

_OP = {
    "op_id": "op-1",
    "entity": "professional",
    "entity_id": "pro-1",
    "kind": "create",
    "ars_code": "REU",
    "client_time": "2026-03-02T09:30:00Z",
    "user": "Marie Payet",
}


def _body(*fields: object, count: int = 1) -> bytes:
    ops = [{**_OP, "op_id": f"op-{index}", "fields": {"value": fields}} for index in range(count)]
    return json.dumps({"ops": ops}, ensure_ascii=False).encode()


def _nested(levels: int) -> object:
    value: object = 1
    for _ in range(levels):
        value = [value]
    return value


PLAIN_BODIES = [
    _body("Léa", "Dos d'Âne", 2**70, 1e300, -0.0, True, None, {"a": [1, {"b": "c"}]}),
    b'{"ops":[{"op_id":"o","entity":"x","entity_id":"e","kind":"k","ars_code":"REU",'
    b'"client_time":"2026-03-02T09:30:00+04:00","user":"u","fields":{"a":1,"a":2},'
    b'"base":{"n":NaN}}]}',
    # ops -> op -> fields -> "value" list -> its items: the deepest nesting still taken.
    _body(_nested(MAX_JSON_DEPTH - 5)),
]


@pytest.mark.parametrize("raw", PLAIN_BODIES)
def test_the_one_pass_parse_gives_what_the_checks_step_by_step_give(raw: bytes) -> None:
    plain = _parse_plain_push(raw)
    assert plain is not None
    stepwise = PushRequest.model_validate(json.loads(raw))
    assert repr(plain.model_dump()) == repr(stepwise.model_dump())  # NaN != NaN: compare text


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (_body(_nested(MAX_JSON_DEPTH - 4)), 400),  # one level too deep
        (_body("\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace")), None),
        (b'{"ops":[{"op_id":"o","fields":{"a":"\\ud800"}}]}', 400),  # lone surrogate escape
        (_body("x", count=MAX_OPS_PER_PUSH + 1), 413),
        (b'{"ops":[{"op_id":1}]}', 422),
        (b'{"ops":[', 400),
    ],
)
def test_what_the_one_pass_parse_leaves_is_refused_as_before(
    raw: bytes, status: int | None
) -> None:
    if status is None:  # U+FFFD: plain text, taken
        assert _parse_plain_push(raw) is not None
        return
    assert _parse_plain_push(raw) is None
    with pytest.raises(ApiError) as refused:
        _parse_push(raw)
    assert refused.value.status == status
