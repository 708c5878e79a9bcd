"""Drafts sealed under keys derived from the code, and code marks applied in batches."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from django.conf import settings
from django.utils import timezone

from samla.surveys import codes, sealing, services
from samla.surveys.models import AccessCode, CodeMark, CodeState, Draft, Response, Round
from tests.surveys.test_collection import (  # noqa: F401
    PAGE_1,
    class_6a,
    pupil_version,
    survey_round,
)

KEY = "k" * 40


def test_the_draft_secret_is_not_the_stored_hmac_nor_follows_from_it():
    canonical = codes.normalise(codes.new_code())
    stored = codes.code_hmac(KEY, canonical)
    secret = sealing.draft_secret(KEY, canonical)
    assert secret != stored
    # Not HKDF under the server key: its expand step from the stored HMAC gives another value.
    assert secret != hmac.new(stored, b"\x01", hashlib.sha256).digest()
    assert sealing.lookup_id(secret) not in (stored, secret)
    assert sealing.draft_secret(KEY, canonical) == secret  # the same code finds it again
    assert sealing.draft_secret("x" * 40, canonical) != secret
    other = codes.normalise(codes.new_code())
    assert sealing.draft_secret(KEY, other) != secret


def test_a_sealed_draft_opens_only_with_its_secret_and_in_its_row():
    secret = sealing.draft_secret(KEY, "ABCDEFGHJKM")
    sealed = sealing.seal(secret, {"answers": {"trivsel_1": "3"}, "page": 1})
    assert b"trivsel_1" not in sealed
    assert sealing.open_sealed(secret, sealed) == {"answers": {"trivsel_1": "3"}, "page": 1}
    assert sealing.seal(secret, {"page": 1}) != sealing.seal(secret, {"page": 1})  # nonces
    other = sealing.draft_secret(KEY, "ABCDEFGHJKN")
    tampered = sealed[:-1] + bytes([sealed[-1] ^ 1])
    for wrong_secret, value in ((other, sealed), (secret, tampered)):
        with pytest.raises(sealing.Unreadable):
            sealing.open_sealed(wrong_secret, value)


def test_a_sealed_code_id_opens_only_for_its_mark():
    mark = sealing.mark_id(b"s" * 32, CodeState.SUBMITTED)
    sealed = sealing.seal_code_id(KEY, mark, 4711)
    assert sealing.open_code_id(KEY, mark, sealed) == 4711
    with pytest.raises(sealing.Unreadable):
        sealing.open_code_id(KEY, sealing.mark_id(b"s" * 32, CodeState.STARTED), sealed)


def test_the_draft_row_holds_no_code_reference_and_no_readable_answer(survey_round, demo_org):  # noqa: F811
    [code] = services.issue_codes(survey_round, demo_org.school, "pupil_5_7", 1)
    services.save_page(code, 0, PAGE_1)
    draft = Draft.objects.get()
    stored = bytes(AccessCode.objects.get().code_hmac)
    key = services.access_key(code)
    assert bytes(draft.lookup) == sealing.lookup_id(key.draft_secret) != stored
    assert stored not in bytes(draft.sealed) and b"trivsel" not in bytes(draft.sealed)
    assert sealing.open_sealed(key.draft_secret, bytes(draft.sealed))["answers"] == PAGE_1
    assert {f.name for f in Draft._meta.get_fields()} == {
        "id", "lookup", "round", "version", "sealed",
    }  # fmt: skip


def test_a_batch_never_holds_the_code_of_the_request_that_applies_it(survey_round, demo_org):  # noqa: F811
    issued = services.issue_codes(
        survey_round, demo_org.school, "pupil_5_7", services.MARK_BATCH + 1
    )
    rows = {code: services.access_key(code).code_hmac for code in issued}

    def state(code):
        return AccessCode.objects.get(code_hmac=rows[code]).state

    for code in issued[:-1]:
        services.start(code)
    # Ten marks wait, and no row has changed: each start found fewer than ten others.
    assert CodeMark.objects.count() == services.MARK_BATCH
    assert {state(code) for code in issued} == {CodeState.ISSUED}
    last = issued[-1]
    services.start(last)
    # The eleventh start found ten others and applied them, and not its own.
    assert [state(code) for code in issued] == [CodeState.STARTED] * services.MARK_BATCH + [
        CodeState.ISSUED
    ]
    last_pk = AccessCode.objects.get(code_hmac=rows[last]).pk
    assert services.pending_code_states() == {last_pk: CodeState.STARTED}
    services.save_page(last, 0, PAGE_1)
    services.submit(last)
    assert services.pending_code_states() == {last_pk: CodeState.SUBMITTED}
    assert state(last) == CodeState.ISSUED
    assert Response.objects.count() == 1


def test_a_spent_code_waiting_for_its_batch_is_spent_everywhere(survey_round, demo_org, class_6a):  # noqa: F811
    [ada] = services.add_children(class_6a, ["Ada"])
    [(_child, code)] = services.issue_child_codes(survey_round, class_6a, "pupil_5_7")
    services.save_page(code, 0, PAGE_1)
    services.submit(code)
    assert AccessCode.objects.get().state == CodeState.ISSUED  # the row waits for a batch
    for action in (services.submit, services.start, services.resume):
        with pytest.raises(services.CollectionError) as error:
            action(code)
        assert error.value.reason == "spent"
    # A reprint gives Ada no new code and revokes nothing: she has answered.
    assert services.issue_child_codes(survey_round, class_6a, "pupil_5_7") == []
    services.reserve_child(survey_round, ada)
    assert AccessCode.objects.get().state == CodeState.ISSUED
    assert services.pending_spent_code_ids() == {AccessCode.objects.get().pk}
    assert Response.objects.count() == 1


def test_releasing_results_applies_the_rounds_marks_and_drops_its_drafts(survey_round, demo_org):  # noqa: F811
    first, second = services.issue_codes(survey_round, demo_org.school, "pupil_5_7", 2)
    services.save_page(first, 0, PAGE_1)
    services.submit(first)
    services.save_page(second, 0, PAGE_1)  # never submitted
    Round.objects.filter(pk=survey_round.pk).update(closes_at=timezone.now())
    survey_round.refresh_from_db()
    services.release_results(survey_round)
    states = dict(AccessCode.objects.values_list("code_hmac", "state"))
    assert {bytes(k): v for k, v in states.items()} == {
        services.access_key(first).code_hmac: CodeState.SUBMITTED,
        services.access_key(second).code_hmac: CodeState.STARTED,
    }
    assert not CodeMark.objects.exists()
    assert not Draft.objects.exists()


def test_a_revoked_codes_draft_goes_when_the_code_is_typed_again(survey_round, demo_org, class_6a):  # noqa: F811
    [ada] = services.add_children(class_6a, ["Ada"])
    [(_child, code)] = services.issue_child_codes(survey_round, class_6a, "pupil_5_7")
    services.save_page(code, 0, PAGE_1)
    services.reserve_child(survey_round, ada)
    assert Draft.objects.count() == 1  # sealed: nothing joins it to the revoked code
    with pytest.raises(services.CollectionError) as error:
        services.start(code)
    assert error.value.reason == "revoked"
    assert not Draft.objects.exists()


def test_the_server_key_is_the_codes_key(settings_key=settings.CODE_HMAC_KEY):
    canonical = "ABCDEFGHJKM"
    key = services.access_key("abcd-efgh-jkm")
    assert key.code_hmac == codes.code_hmac(settings_key, canonical)
    assert key.draft_secret == sealing.draft_secret(settings_key, canonical)
    assert services.AccessKey.from_text(key.to_text()) == key
    for broken in ("", "zz", key.to_text()[:-2], key.code_hmac.hex()):
        assert services.AccessKey.from_text(broken) is None
