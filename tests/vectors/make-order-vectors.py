#!/usr/bin/env python3
"""Builds tests/vectors/order.digest/*.json with an RFC 8785 canonicalizer
written here independently of medins (Python: UTF-16 key order via UTF-16-BE
bytes, JSON.stringify escaping via json.dumps(ensure_ascii=False)) and
BLAKE2b-256 from hashlib. Re-run: python3 tests/vectors/make-order-vectors.py"""
import base64
import hashlib
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def canonical(v):
    if isinstance(v, bool) or v is None:
        return json.dumps(v)
    if isinstance(v, int):
        assert abs(v) <= 2**53 - 1
        return str(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ",".join(canonical(x) for x in v) + "]"
    if isinstance(v, dict):
        keys = sorted(v, key=lambda k: k.encode("utf-16-be"))
        return "{" + ",".join(canonical(k) + ":" + canonical(v[k]) for k in keys) + "}"
    raise TypeError(type(v))


def digest(text):
    h = hashlib.blake2b(text.encode("utf-8"), digest_size=32).digest()
    return base64.urlsafe_b64encode(h).rstrip(b"=").decode()


def ok(name, order):
    c = canonical(json.loads(order) if isinstance(order, str) else order)
    return {"name": name, "input": {"order": order}, "expected": {"digest": digest(c), "canonical": c}}


def err(name, inp, code):
    return {"name": name, "input": inp, "error": code}


ORDER = {
    "order_id": "BJ-2026-000123",
    "payee": "hospital:110105001",
    "scope": "outpatient_payment",
    "insurance": {"region": "110000", "type": "employee"},
    "lines": [
        {"code": "250101001", "name": "血常规", "class": "A", "quantity": 1, "unit_price_fen": 2500},
        {"code": "XJ01CRA", "name": "阿莫西林胶囊 0.25g×24", "class": "B", "quantity": 2, "unit_price_fen": 1830},
    ],
    "amounts": {"fund_fen": 4128, "account_fen": 1000, "cash_fen": 1032},
    "estimate": {"total_fen": 6160, "policy_version": "bj-2026.1"},
}

cases = [
    ok("a Beijing outpatient order", ORDER),
    ok("the same order with keys in another order and whitespace, as JSON text",
       json.dumps(dict(reversed(list(ORDER.items()))), ensure_ascii=False, indent=2)),
    # RFC 8785 §3.2.3: U+1F600 (surrogates D83D DE00) sorts before U+FB33,
    # the opposite of code point (and UTF-8 byte) order.
    ok("RFC 8785 §3.2.3 key sorting by UTF-16 code units", {
        "\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One", "\U0001F600": "Emoji: Grinning Face", "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis"}),
    ok("non-ASCII keys: CJK, private use and astral plane", {
        "费用": 1, "\ue000": 2, "\U00020000": 3, "a": 4, "Z": 5, "": 6}),
    # RFC 8785 §3.2.2.2 example string.
    ok("RFC 8785 string escaping", {"string": "\u20ac$\u000f\u000aA'\u0042\u0022\u005c\\\"/"}),
    ok("every control character and the two-character escapes",
       {"controls": "".join(chr(i) for i in range(0x20)) + "\u007f\u2028\u2029"}),
    ok("solidus and non-BMP text stay literal", {"s": "a/b \U0001F3E5 医院"}),
    ok("integers at the edges of the safe range", {"max": 2**53 - 1, "min": -(2**53 - 1), "zero": 0, "neg": -1}),
    ok("nesting of 8 levels", {"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": 1}}}}}}}}),
    ok("booleans, null, empty containers", {"t": True, "f": False, "n": None, "o": {}, "l": []}),
    ok("escaped input text decodes before canonicalization", '{"\\u0061":"\\u00e9\\/"}'),
    err("a float amount", {"order": {"amounts": {"cash_fen": 10.5}}}, "order.non_integer_number"),
    err("an integer written with a fraction", {"order": {"amount": 100.0}}, "order.non_integer_number"),
    err("an exponent", {"order": {"amount": 1e3}}, "order.non_integer_number"),
    err("a float in JSON text", {"order": '{"amount": 0.1}'}, "order.non_integer_number"),
    err("2^53, beyond what JavaScript holds exactly", {"order": {"amount": 2**53}}, "order.integer_out_of_range"),
    err("-2^53", {"order": {"amount": -(2**53)}}, "order.integer_out_of_range"),
    err("a duplicate key in JSON text", {"order": '{"order_id":"A","amount":1,"amount":2}'}, "order.malformed"),
    err("a duplicate key deep inside JSON text", {"order": '{"lines":[{"fen":1,"fen":1}]}'}, "order.malformed"),
    err("JSON text that does not parse", {"order": '{"order_id": "A",}'}, "order.malformed"),
    err("JSON text that is an array", {"order": '[1,2]'}, "order.malformed"),
    # A NUL byte once ended the parse: two different orders had one digest.
    err("JSON text with a second object after a NUL byte", {"order": '{"a":1}\u0000{"b":2}'}, "order.malformed"),
    err("nesting of 9 levels", {"order": {"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": {"i": 1}}}}}}}}}},
        "order.too_large"),
    err("a huge order (over 64 KiB canonical)", {"order": {"lines": [{"name": "x" * 100, "fen": i} for i in range(700)]}},
        "order.too_large"),
    err("huge JSON text (over 256 KiB)", {"order": '{"pad":"' + "x" * (256 * 1024) + '"}'}, "order.too_large"),
    err("an order that is an array", {"order": [1, 2]}, "order.bad_input"),
    err("an order that is a number", {"order": 5}, "order.bad_input"),
    err("no order", {}, "order.bad_input"),
]

os.makedirs(os.path.join(HERE, "order.digest"), exist_ok=True)
with open(os.path.join(HERE, "order.digest", "cases.json"), "w", encoding="utf-8") as f:
    json.dump(cases, f, ensure_ascii=False, indent=1)
    f.write("\n")
