"""Password hashing (argon2id parameters, rehash detection) and the password policy."""

from __future__ import annotations

import pytest

from interview_app.services.accounts import accounts, passwords
from interview_app.services.accounts.accounts import AccountError
from interview_app.services.accounts.passwords import WeakPasswordError
from tests.support.handlers import CURRENT_PARAMS, PASSWORD, password_hash, weak_hash

# --- hashing -------------------------------------------------------------------------------


def test_hash_uses_argon2id_with_owasp_parameters():
    assert password_hash().startswith(CURRENT_PARAMS)


def test_hash_is_salted():
    first, second = passwords.hash_password("same password here"), passwords.hash_password("same password here")
    assert first != second
    assert passwords.verify_password(first, "same password here")
    assert passwords.verify_password(second, "same password here")


def test_verify_right_and_wrong_password():
    assert passwords.verify_password(password_hash(), PASSWORD) is True
    assert passwords.verify_password(password_hash(), PASSWORD + "x") is False
    assert passwords.verify_password(password_hash(), PASSWORD.upper()) is False
    assert passwords.verify_password(password_hash(), "") is False


@pytest.mark.parametrize("stored", [None, ""])
def test_verify_without_hash_is_false(stored):
    assert passwords.verify_password(stored, PASSWORD) is False


@pytest.mark.parametrize(
    "stored", ["not-a-hash", "$argon2id$v=19$m=19456,t=2,p=1$broken", "$2b$12$abcdefghijklmnopqrstuv"]
)
def test_verify_garbage_hash_is_false_not_an_error(stored):
    assert passwords.verify_password(stored, PASSWORD) is False


def test_needs_rehash_false_for_current_parameters():
    assert passwords.needs_rehash(password_hash()) is False


def test_needs_rehash_true_for_weaker_parameters():
    old = weak_hash(PASSWORD)
    assert old.startswith("$argon2id$v=19$m=8192,t=1,p=1$")
    assert passwords.verify_password(old, PASSWORD)  # still accepted ...
    assert passwords.needs_rehash(old) is True  # ... but due for an upgrade


def test_needs_rehash_true_for_unparsable_hash():
    assert passwords.needs_rehash("plaintext?") is True


def test_settings_cannot_weaken_the_hasher_below_owasp_minimum(override_settings):
    override_settings(argon2_memory_kib=1024, argon2_time_cost=1, argon2_parallelism=0)
    passwords.get_hasher.cache_clear()  # the override fixture clears it again afterwards
    assert passwords.hash_password(PASSWORD).startswith(CURRENT_PARAMS)


def test_settings_can_strengthen_the_hasher(override_settings):
    override_settings(argon2_memory_kib=20480, argon2_time_cost=3)
    passwords.get_hasher.cache_clear()
    assert passwords.hash_password(PASSWORD).startswith("$argon2id$v=19$m=20480,t=3,p=1$")
    assert passwords.needs_rehash(password_hash()) is True  # stored hashes get upgraded on sign-in


def test_hasher_is_back_to_default_after_overrides():
    assert passwords.get_hasher().memory_cost == 19456
    assert passwords.hash_password(PASSWORD).startswith(CURRENT_PARAMS)


# --- policy --------------------------------------------------------------------------------


def policy_code(password: str, **kwargs: str) -> str | None:
    try:
        passwords.check_policy(password, **kwargs)
    except WeakPasswordError as exc:
        return exc.code
    return None


def test_nine_characters_is_too_short():
    assert policy_code("gh7#kq2Lz") == "too_short"


def test_exactly_ten_characters_is_enough():
    assert policy_code("gh7#kq2Lzx") is None


def test_empty_password_is_too_short():
    assert policy_code("") == "too_short"


def test_minimum_length_follows_settings(override_settings):
    override_settings(password_min_length=12)
    assert policy_code("gh7#kq2Lzxy") == "too_short"
    assert policy_code("gh7#kq2Lzxyw") is None


def test_256_characters_is_allowed_257_is_too_long():
    long_password = ("Tr0ub4dor&3 horse " * 20)[:256]
    assert policy_code(long_password) is None
    assert policy_code(long_password + "x") == "too_long"


def test_very_long_password_is_too_long():
    assert policy_code("x7" * 1000) == "too_long"


@pytest.mark.parametrize(
    "common", ["qwertyuiop", "1234567890", "password123", "Password123", "PASSWORD1234", "1q2w3e4r5t", "iloveyou12"]
)
def test_common_passwords_are_refused_case_insensitively(common):
    assert policy_code(common) == "common"


@pytest.mark.parametrize("repeated", ["aaaaaaaaaa", "ZZZZZZZZZZZZ", "abababababab", "1212121212", "          "])
def test_repeated_characters_are_refused(repeated):
    assert policy_code(repeated) == "common"


def test_three_distinct_characters_are_not_repeated():
    assert policy_code("abcabcabcabcx") is None


@pytest.mark.parametrize(
    "password",
    [
        "someone.long@example.com",
        "Someone.Long@Example.COM",
        "someone.long",
        "SOMEONE.LONG",
        "Alexandra Smith",
        "alexandrasmith",
        "alexandra  smith",
    ],
)
def test_password_must_not_repeat_email_local_part_or_name(password):
    assert policy_code(password, email="someone.long@example.com", name="Alexandra Smith") == "personal"


def test_password_merely_containing_name_is_allowed():
    assert policy_code("alexandra likes cheese", email="alex@example.com", name="Alexandra") is None


def test_empty_personal_data_does_not_match_anything():
    assert policy_code("strong enough pass", email="", name="") is None


def test_check_new_password_raises_account_error_on_password_field():
    with pytest.raises(AccountError) as info:
        accounts.check_new_password("qwertyuiop", email="x@example.com", name="X")
    assert (info.value.code, info.value.field) == ("common", "password")
